# Rangkul is served over WSGI (see docs/decisions/0003-serving.md); this module exists so
# that tools which expect an ASGI entry point find one.
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangkul.settings")
application = get_asgi_application()
