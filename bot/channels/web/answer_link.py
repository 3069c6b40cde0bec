"""The link a search's answer is shown at: what was understood, never a word of what was typed.

A browser keeps a form's POST, words and all: Chromium writes the body to its session files, to
post it again on Back or after a crash. So a search without script is answered with a 303 See
Other to a link (Post/Redirect/Get), and the history holds only that link. The link is the
answer's packed `State` (screen, language, category, region, page, and the situation understood:
`./?s=1.search.en.legal.wa.0..controlled`) when the state alone shows the same services. When
the words named a service ("casa latina") or matched services that no state names, the link
names them too, by their ids in the directory (`&r=casa-latina`): the directory's own words,
like every other link, never the person's. What only the words said and no id can (the town in
"I don't have services listed in Tacoma yet") stays out of the link: a town says more than the
region the link names, and the answer shown in place by the script still says it.
"""

from __future__ import annotations

from bot.channels.web.page import STATE_PARAMETER, in_a_link
from bot.flows.screen import Screen

LISTED_PARAMETER = "r"  # &r=<id>.<id>: the services a search's answer listed
MAX_LISTED_CHARACTERS = 1024  # a page of ids (at most 40 characters each) fits; longer is forged


def answer_link(answer: Screen, own: Screen) -> str:
    """The link to show `answer` (the screen typed words brought) again, given `own`, the
    screen its state alone brings."""
    link = f"./?{STATE_PARAMETER}={in_a_link(answer.state.pack())}"
    if not answer.listed or own.listed == answer.listed:
        return link
    return f"{link}&{LISTED_PARAMETER}={in_a_link('.'.join(answer.listed))}"
