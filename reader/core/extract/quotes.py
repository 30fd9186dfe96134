"""Quoted speech and who said it.

A quoted span counts as speech only when the sentence treats it as speech: in Korean a quotative
ending follows it (“…”이라고/라며/면서/고 말했다) or it closes a sentence after a subject; in
English a speech verb sits next to it ("…," said X / X said "…") or it is a whole sentence.
Titles and scare quotes (‘AI 중심도시’라는, ‘빛축제’가, "smart city") are not speech; quoted
words in Korean narration within “…” (“살려줘”처럼) are kept as quotes without a speaker.

Speaker: Korean — the noun phrase before 은/는/이/가 that opens the clause (이용섭 광주시장은 “…”
→ "이용섭 광주시장"); English — the name after "said" or before "said". A quote with no speaker
of its own inherits the previous one in the same paragraph; 그는/he/she resolve to the last speaker.
"""

from __future__ import annotations

import re

from .model import Quote

_SPAN = re.compile(r"“(?P<a>[^“”]{2,}?)”|\"(?P<b>[^\"]{2,}?)\"|‘(?P<c>[^‘’]{2,}?)’")
_HANGUL = re.compile(r"[가-힣]")
# Quotative endings right after the closing mark.
_KO_QUOTATIVE = re.compile(
    r"^\s?(?:(?:이?라|하)?고(?![가-힣])|(?:이?라|하)?며(?![가-힣])|(?:이?라|하)?면서"
    r"|(?:이?라|하)?고\s?(?:말|밝|강조|덧붙|전했|설명|주장|지적|답|물|했|말했)"
    r"|\s*(?:라는|이라는)\s*(?:말|입장|뜻|의견|설명|주장|지적|반응)"
    r"|\s*(?:말했|밝혔|강조했|덧붙였|전했|설명했|주장했|지적했|답했|물었))"
)
_KO_END = re.compile(r"^\s*(?:[.!?。]|$)")
_KO_STOPWORDS = frozenset(
    [
        "이날",
        "한편",
        "또",
        "또한",
        "이어",
        "특히",
        "그러나",
        "하지만",
        "이에",
        "그러면서",
        "앞서",
        "당시",
        "다만",
        "아울러",
        "이와",
        "관련해",
        "대해",
        "따르면",
        "그리고",
        "반면",
        "결국",
        "이번",
        "지난",
    ]
)
# A word ending a preceding clause ("회의를 마치고 …", "…했지만 …"): the subject starts after it.
_KO_CLAUSE_END = re.compile(r"(?:고|며|면서|지만|는데|해서|하자|했고|했으며|따르면|관련해|대해)$")
_PRONOUNS = frozenset({"그", "그녀", "이들", "그들", "he", "she", "they", "He", "She", "They"})

_VERBS = r"(?:said|says|told|asked|added|wrote|explained|recalled|noted|argued|insisted|replied)"
_ABBREV = "".join(
    rf"(?<!\b{a})" for a in ("Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "St", "Jr")
)  # "said Dr. Kim": a period after these does not end the name
_EN_AFTER_SAID = re.compile(
    rf"^[,.?!]?\s*{_VERBS}(?:\s+(?:on|in|at)\s+\w+)?\s+(?P<who>.+?){_ABBREV}(?:[.!?](?=\s|$)|$|\s+\"|,\s*\")"
)
# Possessive, and `_EN_BEFORE` starts at a word boundary: a long capitalised run before a quote
# would otherwise be retried from every letter (quadratic).
_NAMEWORD = r"(?:[A-Z][\w'’-]*+\.?|de|van|von|al)"
_EN_AFTER_NAME = re.compile(
    rf"^[,.?!]?\s*(?P<who>(?:{_NAMEWORD}\s+){{0,4}}{_NAMEWORD}|he|she|they)\s+{_VERBS}\b"
)
_EN_BEFORE = re.compile(
    rf"\b(?P<who>(?:{_NAMEWORD}\s+){{0,4}}{_NAMEWORD}|[Hh]e|[Ss]he|[Tt]hey)\s+{_VERBS}"
    r"(?:\s+\w+)?[,:]?\s*$"
)
_EN_SPEECHY = re.compile(
    rf"^[,.?!]?\s*(?:{_VERBS}|according)\b|^[,.?!]?\s*\S+(?:\s+\S+){{0,5}}\s+{_VERBS}\b"
)


def _has_batchim(ch: str) -> bool:
    code = ord(ch) - 0xAC00
    return 0 <= code <= 11171 and code % 28 != 0


def _korean_subject(before: str) -> str | None:
    """The noun phrase marked by 은/는/이/가 that introduces a quote, from the text before it."""
    clause = re.split(r"[.!?”\"’]\s|[,;·]\s?", before)[-1]
    words = clause.split()
    # The subject may be separated from the quote by a few adverbs: "…시장은 이날 “…”".
    for back in range(min(4, len(words))):
        word = words[len(words) - 1 - back]
        m = re.search(r"(?P<stem>.+)(?P<p>[은는이가])$", word)
        if not m:
            continue
        stem, p = m.group("stem"), m.group("p")
        if not _HANGUL.search(stem[-1]) and not stem.endswith(")"):
            continue
        last = stem[-1] if _HANGUL.match(stem[-1]) else "씨"
        if (p in "은이" and not _has_batchim(last)) or (p in "는가" and _has_batchim(last)):
            continue
        head = words[: len(words) - 1 - back]
        phrase = [stem]
        for w in reversed(head):
            if len(phrase) >= 7 or w in _KO_STOPWORDS or _KO_CLAUSE_END.search(w):
                break
            phrase.insert(0, w)
        return " ".join(phrase)
    return None


def _english_speaker(before: str, after: str) -> str | None:
    m = _EN_AFTER_SAID.match(after)
    if m:
        return m.group("who").strip(" ,")
    m = _EN_AFTER_NAME.match(after) or _EN_BEFORE.search(before)
    return m.group("who").strip() if m else None


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= 4 and text.rstrip()[-1:] in ".?!,…"


# Text looked at around a quoted span for its speaker and its quotative ending: a speaker is a
# few words away. Windows keep the cost per span constant (slicing the rest of the paragraph
# and running the patterns over it made a paragraph of many quotes quadratic).
BEFORE_WINDOW = 200
AFTER_WINDOW = 400
MAX_SPANS = 1000  # quoted spans looked at per paragraph


def find_quotes(paragraph: str, last_speaker: str | None = None) -> list[Quote]:
    """The quoted speech in one paragraph, with speakers where the text names them."""
    out: list[Quote] = []
    korean = bool(_HANGUL.search(paragraph))
    previous: str | None = None
    prev_end = 0  # the subject of a quote sits after the previous quoted span, never inside it
    for n, m in enumerate(_SPAN.finditer(paragraph)):
        if n >= MAX_SPANS:
            break
        start, prev_end = max(prev_end, m.start() - BEFORE_WINDOW), m.end()
        single = m.group("c") is not None
        text = (m.group("a") or m.group("b") or m.group("c") or "").strip()
        if not text or (single and not korean):
            continue
        before, after = paragraph[start : m.start()], paragraph[m.end() : m.end() + AFTER_WINDOW]
        speaker: str | None = None
        if korean:
            speech = bool(_KO_QUOTATIVE.match(after))
            if not speech and not single and _KO_END.match(after) and len(text.split()) >= 2:
                speech = bool(re.search(r"[은는이가]\s*$|[:：]\s*$", before))
            if not speech:
                if m.group("a") is not None:  # quoted words in narration (“살려줘”처럼)
                    out.append(Quote(text, None))
                continue
            speaker = _korean_subject(before)
        else:
            speech = bool(_EN_SPEECHY.match(after) or _EN_BEFORE.search(before))
            # A whole quoted sentence is speech, and so is a short one continuing a speaker.
            follows = previous is not None and text.rstrip()[-1:] in ".?!…"
            if not speech and not _is_sentence(text) and not follows:
                continue
            speaker = _english_speaker(before, after)
        if speaker in _PRONOUNS:
            speaker = previous or last_speaker
        if speaker is None and previous is not None:
            speaker = previous
        if not korean:
            text = text.rstrip(",").rstrip()
        out.append(Quote(text, speaker))
        previous = speaker or previous
    return out


def split_attribution(text: str) -> tuple[str, str | None]:
    """A block quote ending in "— Name" → (quote, "Name")."""
    m = re.search(r"\s*(?:—|―|--|–)\s*(?P<who>[^—―–]{2,60})$", text)
    if m and len(text) - len(m.group(0)) > 10:
        return text[: m.start()].strip(), m.group("who").strip()
    return text, None
