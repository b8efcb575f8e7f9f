"""End-to-end typed props: TypeScript declarations generated from the Python of the pages.

``bridge types`` (and ``bridge build``, for TypeScript projects) writes, for each page whose
``get_server_side_props`` is annotated ``-> PageResult[Props]``, a ``<page>.props.d.ts`` beside it that
exports ``Props`` and ``Params``, and ``pages/bridge-routes.d.ts`` with the app's routes for
``<Link href>``. In dev mode, props are checked against the same types on every request.

- ``mapping``: Python types -> a small TypeScript type model (errors name the field path)
- ``emit``: the model -> declaration files; writing them
- ``check``: the dev-mode runtime check of props
- ``tsc``: ``bridge build``'s declarations + ``tsc --noEmit`` step
"""

from .emit import ROUTES_FILE, Sync, declaration_path, sync_declarations, write_declarations
from .mapping import TypesError

__all__ = ["ROUTES_FILE", "Sync", "TypesError", "declaration_path", "sync_declarations", "write_declarations"]
