"""``python -m bridge``: the ``bridge`` command, for when another ``bridge`` comes first on PATH (Debian's
iproute2 installs one in /usr/sbin) or the virtualenv is not activated."""

from .cli import main

main()
