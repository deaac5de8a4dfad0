"""Home page tiles of this app, per role (see rangkul/lib/tiles.py)."""

from rangkul.lib.tiles import TileFn

TILES: dict[str, list[TileFn]] = {}
