"""What replicas of the bot must share, behind one small interface per concern.

The message is the state, so any replica can answer any update; four things are not in the
message, and must be shared when several replicas run (stores.py has the protocols):

- Erase's memory: each chat's recent message ids, so Erase on any replica deletes them all;
- a mark per update_id, so an update Telegram delivers twice is answered once;
- the bot-wide send rate, a token bucket every replica takes from, so N replicas together
  stay under Telegram's limit;
- each chat's turn, so two replicas never answer one chat's updates at the same time.

Without `REDIS_URL` each has an in-process implementation (in_process.py, what a single
replica needs); with it, a Redis one (redis_stores.py), which falls back to the in-process one
while Redis cannot be reached. The rest of the bot never knows which it has.
"""
