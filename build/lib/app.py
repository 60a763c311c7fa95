"""``python app.py``: serve the web chat with settings from the environment / .env (same as ``advisor web``)."""

from ingest.settings import load_settings
from web.server import serve

if __name__ == "__main__":
    serve(load_settings())
