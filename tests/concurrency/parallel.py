"""Parallel requests against a live server: several clients released at the same instant.

A "double click" is the same signed-in session sending one form several times: the clones
share the session cookie and the CSRF token of one Browser, each with its own connection.
"""

import re
import threading

from tests.serving import Answer, Browser

FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def form_token(page: str) -> str:
    match = FORM_TOKEN.search(page)
    assert match, "the form carries no form_token"
    return match.group(1)


def clones(browser: Browser, count: int) -> list[Browser]:
    """`count` clients in the same session as `browser` (one person, several requests)."""
    made = []
    for _ in range(count):
        clone = Browser(browser.base_url)
        clone.use_session_cookie(browser.session_cookie(), browser.base_url)
        clone.csrf_token = browser.csrf_token
        made.append(clone)
    return made


def burst(calls: list) -> list[Answer]:
    """Run every call (a function returning an Answer) in its own thread, all released
    together by a barrier; their answers in the calls' order."""
    barrier = threading.Barrier(len(calls))
    answers: list[Answer | None] = [None] * len(calls)

    def run(index: int, call) -> None:
        barrier.wait(timeout=30)
        answers[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(a is not None for a in answers), "a request did not finish"
    return answers


def post_burst(browsers: list[Browser], path: str, data: dict | list) -> list[Answer]:
    return burst([lambda b=b: b.post(path, data) for b in browsers])
