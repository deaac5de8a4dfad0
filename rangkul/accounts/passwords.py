"""Django's password rules with Rangkul's own words.

Django's Indonesian catalogue speaks to the reader as "Anda" (and "anda"); students read
these messages too, and Rangkul addresses them as "kamu". The rules stay Django's; only
the error messages and help texts come from Rangkul's catalogue."""

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Use at least %(min_length)d character.",
            "Use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("This password is too much like the %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Do not use your name, username or e-mail address in the password.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Many people use this password: choose another one.")

    def get_help_text(self) -> str:
        return _("Do not use a password many people use.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password has only digits: add letters too.")

    def get_help_text(self) -> str:
        return _("Do not use only digits.")
