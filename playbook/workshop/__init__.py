"""The participants' web forms for live workshops: everyone in the room answers at once from
their own phone (from a QR code), the projector shows the answers building up, and every
submission is checked and appended atomically to the client's files.

Forms: maturity (the questionnaire), votes (dot voting on the proposals, votes.csv), actuals
(benefit measurements) and status (delivery status reports). `playbook workshop CLIENT --form F`
serves one; `running()` serves from a thread (tests, JupyterLab)."""
from playbook.workshop.app import create_app
from playbook.workshop.server import Links, running, serve
from playbook.workshop.session import FORMS, Session, open_session

__all__ = ["FORMS", "Links", "Session", "create_app", "open_session", "running", "serve"]
