import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangkul.settings")

from rangkul.lib.wsgi import get_application  # noqa: E402

# Bearer-token API calls take a shorter middleware chain (see rangkul/lib/wsgi.py).
application = get_application()

# The detector's phrases and model (with its sentence-embedding engine, one thread per
# process) are read once per process. Read them as the worker starts, not on the first help
# request it serves (1–3 s on a busy machine; a student would wait for it). Without the
# engine the n-gram model is used; a model that cannot load at all is logged and leaves the
# rules alone (nothing peer-eligible). The log names the model in use.
from rangkul.safety.detection.learned import default_model  # noqa: E402
from rangkul.safety.detection.loading import default_ruleset  # noqa: E402

default_ruleset()
default_model()
