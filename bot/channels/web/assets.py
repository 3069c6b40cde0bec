"""The page's style and its one small script, inline, allowed by hash in the CSP.

Nothing is loaded from anywhere: no font, no image, no outside script. The script only makes
what already works better: bot pages replace each other instead of piling up in the browser's
history (so Quick exit, which replaces the page too, leaves nothing to go Back to), a search is
sent and its answer shown without a new history entry, and Shift pressed three times leaves at
once. Without it,
links and the form work as they are.
"""

from __future__ import annotations

import base64
import hashlib

# Mobile first: one column, tap targets of at least 44 px, readable at 320 px. Colours meet
# WCAG AA (4.5:1 or more for text) on their backgrounds.
STYLE = """\
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
color:#1b1b1f;background:#fff}
header{position:sticky;top:0;z-index:1;display:flex;align-items:center;gap:.5rem;\
padding:.5rem .75rem;background:#f2f2f5;border-bottom:1px solid #c9c9d1}
header span{flex:1;font-weight:600;color:#3d3d47;overflow-wrap:anywhere}
.exit{display:inline-flex;align-items:center;min-height:44px;padding:.5rem 1rem;\
border-radius:.5rem;background:#a3001b;color:#fff;font-weight:700;text-decoration:none}
main,nav,form,footer{max-width:40rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.375rem;line-height:1.3;margin:1rem 0 .5rem}
h2{font-size:1.125rem;line-height:1.3;margin:0 0 .25rem}
p{margin:.5rem 0;white-space:pre-line;overflow-wrap:anywhere}
.card{border:1px solid #c9c9d1;border-radius:.75rem;padding:.75rem 1rem;margin:.75rem 0}
.card p{margin:.25rem 0}
a{color:#0b56a4}
.reach{display:block;min-height:44px;padding:.6rem .75rem;margin:.35rem 0;border-radius:.5rem;\
background:#e7effa;color:#0a3b73;font-weight:600;text-decoration:none;overflow-wrap:anywhere}
.reach span{white-space:nowrap}
nav ul{list-style:none;margin:1rem auto;padding:0}
nav li{display:flex;gap:.5rem;margin:.5rem 0}
.choice{flex:1 1 0;display:flex;align-items:center;justify-content:center;text-align:center;\
min-height:48px;padding:.5rem .75rem;border:2px solid #0b56a4;border-radius:.75rem;\
color:#0b56a4;background:#fff;font-weight:600;text-decoration:none;overflow-wrap:anywhere}
main:focus{outline:none}
a:focus-visible,button:focus-visible,input:focus-visible{\
outline:3px solid #c25e00;outline-offset:2px}
form{margin-top:1rem;margin-bottom:1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
form div{display:flex;gap:.5rem}
input{flex:1;min-width:0;min-height:44px;font:inherit;padding:.5rem .75rem;\
border:2px solid #5a5a66;border-radius:.5rem}
button{min-height:44px;font:inherit;font-weight:600;padding:.5rem 1rem;border:0;\
border-radius:.5rem;background:#0b56a4;color:#fff}
footer{margin-top:1.5rem;padding-top:.5rem;padding-bottom:2rem;border-top:1px solid #c9c9d1;\
color:#3d3d47;font-size:.9375rem}
@media (pointer:coarse){#exit-keys{display:none}}
.hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);\
white-space:nowrap}
"""

SCRIPT = """\
(() => {
  const leave = () => {
    const url = document.getElementById("exit").href;
    document.body.hidden = true;
    try { window.top.location.replace(url); } catch (e) { window.location.replace(url); }
  };
  const ready = () => {
    const tip = document.getElementById("exit-keys");
    if (tip) tip.hidden = false;
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (link.id === "exit") { event.preventDefault(); leave(); return; }
    if (link.origin !== location.origin) return;
    event.preventDefault();
    location.replace(link.href);
  });
  let presses = [];
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Shift" || event.repeat) return;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 5000).concat(now);
    if (presses.length >= 3) leave();
  });
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    event.preventDefault();
    try {
      const answer = await fetch(form.action, {
        method: "POST", body: new URLSearchParams(new FormData(form)),
        headers: {"X-In-Place": "1"},  // shown in place: answered at once, not redirected
        credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer",
      });
      const page = new DOMParser().parseFromString(await answer.text(), "text/html");
      document.title = page.title;
      document.documentElement.lang = page.documentElement.lang;
      document.body.replaceWith(page.body);
      ready();
      const main = document.getElementById("main");  // a screen reader reads the answer next
      main.tabIndex = -1;
      main.focus();
    } catch (e) { form.submit(); }
  });
  ready();
})();
"""


IN_PLACE_HEADER = "X-In-Place"  # the script's searches, shown in place (SCRIPT sends it)


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode()).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


STYLE_HASH = _hash(STYLE)
SCRIPT_HASH = _hash(SCRIPT)


def content_security_policy(frame_ancestors: str) -> str:
    """Nothing from anywhere but this page: its own style and script (by hash), posts and
    fetches to itself; `frame_ancestors` says which sites may show it in a frame."""
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src {STYLE_HASH}",
            f"script-src {SCRIPT_HASH}",
            "connect-src 'self'",
            "img-src data:",  # the blank icon, so the browser asks for no favicon
            "form-action 'self'",
            "base-uri 'none'",
            f"frame-ancestors {frame_ancestors}",
        )
    )
