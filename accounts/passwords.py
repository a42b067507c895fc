"""The password policy: length, not the username, and not easy to guess.

Guessability is estimated offline with zxcvbn (its frequency lists of common passwords,
names, words, keyboard patterns, repeats, sequences and dates ship with the package), plus
a few passwords common in China that its English lists miss. A password needs a score of 3
(about 10^8 guesses); the message says what makes a weak one weak.
"""

from typing import Any

from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
MIN_SCORE = 3
# zxcvbn refuses longer input; a longer password is judged by its first 72 characters.
ESTIMATE_LENGTH = 72
# Common Chinese passwords (pinyin, love numbers) and words of this app, which zxcvbn's
# lists do not rank: treated like words of its dictionaries.
LOCAL_WORDS = [
    "woaini",
    "5201314",
    "1314520",
    "woaini1314",
    "aini1314",
    "iloveyou",
    "zhongguo",
    "beijing",
    "shanghai",
    "qq123456",
    "a123456",
    "zhengxie",
    "xieshang",
    "xieshangtong",
    "cppcc",
    "mishu",
    "zhuxi",
    "weiyuan",
]


def _weakness(result: dict[str, Any]) -> str:
    """Why zxcvbn found the password weak: the pattern that covers most of it."""
    known = [m for m in result.get("sequence", []) if m["pattern"] != "bruteforce"]
    pattern = max(known, key=lambda m: len(m["token"]))["pattern"] if known else ""
    reasons = {
        "repeat": _("It repeats characters or a short group of characters."),
        "sequence": _("It contains a run of letters or digits such as abcd or 6543."),
        "spatial": _("It follows a pattern of neighbouring keys on the keyboard."),
        "date": _("It contains a date, which is easy to guess."),
        "dictionary": _("It is a common password, word or name, perhaps with a few digits added."),
    }
    return str(reasons.get(pattern, _("It is too short for the kind of characters it uses.")))


def password_problems(password: str, username: str = "", hints: tuple[str, ...] = ()) -> list[str]:
    """Every way the password breaks the policy, as messages for the person choosing it.

    Guessability is judged only once the plain rules are met, so one mistake gives one
    message. `hints` are the user's own words (display name...) that make a guess easier.
    """
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_("A password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(_("A password may have at most %(n)d characters.", n=MAX_PASSWORD_LENGTH))
    if password.isdigit():
        problems.append(_("A password must not consist of digits only."))
    if username and password.strip().lower() == username.strip().lower():
        problems.append(_("A password must not be the same as the username."))
    if not problems:
        words = [w for w in (username, *hints) if w] + LOCAL_WORDS
        result = zxcvbn(password[:ESTIMATE_LENGTH], user_inputs=words)
        if result["score"] < MIN_SCORE:
            problems.append(
                _("This password is too easy to guess: %(why)s", why=_weakness(result))
                + " "
                + _("Choose a longer one, for example several unrelated words.")
            )
    return problems
