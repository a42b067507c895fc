"""WTForms' own messages in the user's language, with ours where its catalogue has a gap.

WTForms ships Chinese for its validation messages, but some entries are marked fuzzy and
so never translated (e.g. the invalid-choice message of a multiple select, seen when a page
was opened before a department was deactivated). Flask-WTF reads the catalogue it keeps on
`request.wtforms_translations`; this module puts a wrapper there that asks WTForms first and
falls back to the app's catalogue (translations/fragments/forms.po) for what WTForms leaves
in English.
"""

from functools import lru_cache

from babel import support
from flask import Flask, request
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from wtforms.i18n import messages_path

# WTForms' wording of the gaps, listed so that extraction keeps their translations.
WTFORMS_GAPS = (
    _l("'%(value)s' is not a valid choice for this field."),
    _l("'%(value)s' are not valid choices for this field."),
)


@lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class FormTranslations:
    """The gettext/ngettext pair Flask-WTF expects, with the app's catalogue as fallback."""

    def __init__(self, catalogue: support.NullTranslations) -> None:
        self.catalogue = catalogue

    def ugettext(self, string: str) -> str:
        translated = self.catalogue.ugettext(string)
        return gettext(string) if translated == string else translated

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        translated = self.catalogue.ungettext(singular, plural, n)
        if translated in (singular, plural):
            return gettext(singular if n == 1 else plural)
        return translated


def install(app: Flask) -> None:
    @app.before_request
    def form_translations() -> None:
        catalogue = FormTranslations(_wtforms_catalogue(str(get_locale())))
        request.wtforms_translations = catalogue  # type: ignore[attr-defined]  # Flask-WTF reads it
