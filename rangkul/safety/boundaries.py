"""Contact outside Rangkul in a peer case: a phone number, or moving the talk to another
app. Peer support happens inside Rangkul, where a counselor can step in and the student is
protected; a peer supporter (or anyone in the conversation) who takes it elsewhere is
flagged to the supervising counselor. Pure: text in, reasons out.
"""

import re

PHONE_NUMBER = "phone_number"
OFF_PLATFORM = "off_platform"

# Indonesian mobile numbers (08…, +62 8…, 62 8…), with spaces, dots or dashes.
_PHONE = re.compile(r"(?<!\d)(?:\+?62|0)[\s.\-]?8(?:[\s.\-]?\d){7,11}(?!\d)")
_APPS = (
    r"whats\s?app|\bwa\b|\bwea\b|\bwhatsap\b|\bwasap\b|instagram|\big\b|\binsta\b|\bdm\b"
    r"|telegram|\btele\b|\bline\b|\bmichat\b|tiktok|facebook|\bfb\b|messenger|discord|snapchat"
)
_MOVE = re.compile(
    r"(?:chat|kontak|hubungi|japri|dm|telp|telpon|telepon|call|vc|videocall|add|follow|pindah"
    r"|lanjut|ngobrol|cerita|curhat|text|message|message me|hit me up)\b[^.!?\n]{0,30}?"
    r"(?:\bdi\b|\bke\b|\blewat\b|\bvia\b|\bon\b|\bpake\b|\bpakai\b)?\s*(?:" + _APPS + r")",
    re.IGNORECASE,
)
_APP_ME = re.compile(r"(?:" + _APPS + r")\s*(?:aku|gue|gw|gua|saya|ku|me|an aja)\b", re.IGNORECASE)
_HANDLE = re.compile(r"(?:^|\s)@[a-z0-9_.]{3,30}\b", re.IGNORECASE)
_NUMBER_WORD = re.compile(r"\b(?:nomor|nomer|no\.?\s?hp|no\.?\s?wa|nmr)\b", re.IGNORECASE)


def outside_contact(text: str) -> list[str]:
    """Why this text takes the conversation outside Rangkul; empty when it does not."""
    reasons: list[str] = []
    if _PHONE.search(text or ""):
        reasons.append(PHONE_NUMBER)
    if (
        _MOVE.search(text or "")
        or _APP_ME.search(text or "")
        or _HANDLE.search(text or "")
        or (_NUMBER_WORD.search(text or "") and re.search(_APPS, text or "", re.IGNORECASE))
    ):
        reasons.append(OFF_PLATFORM)
    return reasons
