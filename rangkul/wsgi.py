import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangkul.settings")

from rangkul.lib.wsgi import get_application  # noqa: E402

# Bearer-token API calls take a shorter middleware chain (see rangkul/lib/wsgi.py).
application = get_application()
