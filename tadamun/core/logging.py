"""No personal data in the application's logs.

Every record passing through the handlers is rewritten with e-mail addresses and phone
numbers masked, whoever logged them (our code, Django, a library); the code itself logs
ids, never names or contacts.
"""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Numbers written as phones are (+212 6…, 0612…, 00216…): a leading + or 0, then 8 to 14
# more digits with the usual separators. Dates, counts and ids do not start so.
PHONE = re.compile(r"(?<![\w.+-])(?:\+|0)\d(?:[\s.-]?\d){7,13}(?!\w)")


def redact(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[e-mail]", text))


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
