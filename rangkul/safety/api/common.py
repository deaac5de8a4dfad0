from rangkul.lib.api import ERRORS

E = {k: ERRORS[k] for k in (400, 401, 403, 404, 422)}
