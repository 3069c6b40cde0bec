"""The web chat: the engine's screens as plain HTML pages, with nothing kept and nothing left."""
