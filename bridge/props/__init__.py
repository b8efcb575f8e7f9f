"""Running a page's ``get_server_side_props`` and turning its result into JSON."""
