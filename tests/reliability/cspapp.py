"""The reliability fixture app behind a Content-Security-Policy, for uvicorn (`bridge serve` has no CSP option):

RELIABILITY_PAGES=<pages> RELIABILITY_CSP="<policy>" python -m uvicorn --app-dir tests/reliability cspapp:app
"""

from __future__ import annotations

import os

from bridge import Bridge

app = Bridge(pages=os.environ["RELIABILITY_PAGES"], csp=os.environ["RELIABILITY_CSP"])
