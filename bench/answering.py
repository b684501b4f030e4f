"""What the bench's simulated candidates send for a question page: any answer the page's form accepts."""

import re

OPTION_VALUE = re.compile(r'name="choice"[^>]*value="([^"]+)"')


def answer_for(page: str) -> dict:
    """An open answer's text, or the first option shown (options are tokens of the session's question, in the
    candidate's own order, so no fixed value would do)."""
    if 'name="text"' in page:
        return {"text": "Idempotency keys, retries with backoff."}
    return {"choice": OPTION_VALUE.search(page).group(1)}
