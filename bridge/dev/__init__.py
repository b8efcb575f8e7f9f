"""``bridge dev``: rebuilds on save, Fast Refresh for components, in-place props updates, error overlay."""
