"""Match a pasted attendee list to the people registry.

The list is split into names by ``sangathan.lib.names.splitting`` and each name is looked up
with ``people.search.person_search`` inside the meeting's unit and the user's reach. The
registry is never loaded: the splitter learns the registry's full names only from searches of
the pieces of this paste (a first split by the lexicon alone, then the pieces it was unsure
of together with their neighbours), and the text is split again with those names.

Each name comes back with its best candidates and a status the attendance page acts on:
matched (one clear person), unsure (a one-tap choice between candidates), unknown (offer to
add the person) or duplicate (the same person already in this list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from sangathan.lib import names
from sangathan.lib.names.splitting import NameChunk, split_names
from sangathan.people.search import Hit, person_search

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.people.models import Person
    from sangathan.units.models import Unit

# A candidate at or above both bars is the same name (the registry's own threshold).
SAME_NAME = names.DEFAULT_THRESHOLD
# Candidates down to here are offered for a choice; below, the name counts as not found.
# Hard negatives of the name matcher (Jitendra Sharma / Jitendra Verma) score up to 80.
WEAK_THRESHOLD = 75.0
# Two candidates closer than this in whole-name similarity are a choice for a person to make.
CLEAR_MARGIN = 5.0
# Hits read per search: enough to see that a name is shared, few enough to stay cheap.
SEARCH_LIMIT = 10


class MatchStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    UNSURE = "unsure", _("Needs checking")
    UNKNOWN = "unknown", _("Not in the registry")
    DUPLICATE = "duplicate", _("Already in the list")


class MatchDoubt(models.TextChoices):
    SEVERAL = "several", _("Several people in the registry have this name.")
    WEAK = "weak", _("Nobody in the registry has exactly this name; the closest are shown.")
    ONE_WORD = "one-word", _("Only one word of the name was given.")
    SPLIT = "split", _("Check where this name begins and ends: two names may run together here.")


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: float  # person_search's score of the pasted name against this person
    similarity: float  # how alike the whole names are (an extra word in either costs)


@dataclass(frozen=True)
class PastedMatch:
    chunk: NameChunk
    status: MatchStatus
    candidates: tuple[Candidate, ...]  # best first, at most ``limit``
    person: Person | None = None  # the match, for matched and duplicate rows
    doubt: MatchDoubt | None = None  # why a person should look at this row
    duplicate_of: int | None = None  # index of the earlier row with the same person or name


class _Searcher:
    """person_search with the paste's scope, each text searched once."""

    def __init__(self, user: AnyUser, within: Unit) -> None:
        self.user = user
        self.within = within
        self._hits: dict[str, list[Hit]] = {}

    def hits(self, text: str) -> list[Hit]:
        if text not in self._hits:
            self._hits[text] = person_search(
                self.user,
                text,
                within=self.within,
                limit=SEARCH_LIMIT,
                threshold=WEAK_THRESHOLD,
            )
        return self._hits[text]


def match_pasted_names(
    text: str, *, user: AnyUser, within: Unit, limit: int = 3
) -> list[PastedMatch]:
    """One row per name in ``text``, in the order written, with up to ``limit`` candidates
    from the people ``user`` may see under ``within`` (a unit outside the user's reach finds
    nobody)."""
    searcher = _Searcher(user, within)
    first = split_names(text)
    known = _known_names(first, searcher)
    chunks = split_names(text, known_names=known) if known else first
    rows: list[PastedMatch] = []
    row_of_person: dict[int, int] = {}
    for chunk in chunks:
        if chunk.duplicate_of is not None:
            earlier = rows[chunk.duplicate_of]
            rows.append(
                PastedMatch(
                    chunk=chunk,
                    status=MatchStatus.DUPLICATE,
                    candidates=earlier.candidates,
                    person=earlier.person,
                    duplicate_of=chunk.duplicate_of,
                )
            )
            continue
        row = _match(chunk, _candidates(chunk, searcher), limit)
        person = row.person
        if row.status == MatchStatus.MATCHED and person is not None:
            # Two spellings of one person in one paste (Santosh Shukla, संतोष कुमार शुक्ला).
            seen = row_of_person.get(person.pk)
            if seen is not None:
                row = PastedMatch(
                    chunk=chunk,
                    status=MatchStatus.DUPLICATE,
                    candidates=row.candidates,
                    person=person,
                    duplicate_of=seen,
                )
            else:
                row_of_person[person.pk] = chunk.index
        rows.append(row)
    return rows


def _known_names(chunks: list[NameChunk], searcher: _Searcher) -> list[str]:
    """Registry names that may decide where names begin and end: those found for each piece,
    and for each unsure piece together with its neighbours in the same run of words (a name
    the lexicon cut in two, like प्रेम सिंह | पारस)."""
    queries: list[str] = [c.text for c in chunks]
    for i, chunk in enumerate(chunks):
        if chunk.sure:
            continue
        for neighbour in (i - 1, i + 1):
            if 0 <= neighbour < len(chunks) and chunks[neighbour].segment == chunk.segment:
                pair = sorted((chunk, chunks[neighbour]), key=lambda c: c.index)
                queries.append(" ".join(c.text for c in pair))
    found: dict[str, None] = {}
    for query in dict.fromkeys(queries):
        for hit in searcher.hits(query):
            if hit.score >= SAME_NAME:
                found[hit.person.name] = None
    return list(found)


def _candidates(chunk: NameChunk, searcher: _Searcher) -> list[Candidate]:
    hits = {hit.person.pk: hit for hit in searcher.hits(chunk.text)}
    if len(chunk.words) >= 3 and not any(h.score >= SAME_NAME for h in hits.values()):
        # Search needs every pasted word in the name, so a middle name the registry does not
        # have ("संतोष कुमार शुक्ला" for संतोष शुक्ला) would find nobody: try without it.
        for hit in searcher.hits(f"{chunk.words[0]} {chunk.words[-1]}"):
            hits.setdefault(hit.person.pk, hit)
    candidates = [
        Candidate(
            person=hit.person,
            score=hit.score,
            similarity=names.name_similarity(chunk.text, hit.person.name),
        )
        for hit in hits.values()
    ]
    candidates.sort(key=lambda c: (-c.similarity, -c.score, c.person.name, c.person.pk))
    return candidates


def _match(chunk: NameChunk, candidates: list[Candidate], limit: int) -> PastedMatch:
    """The status from every candidate found; the row keeps the first ``limit``."""

    def row(status: MatchStatus, doubt: MatchDoubt | None = None) -> PastedMatch:
        return PastedMatch(
            chunk=chunk, status=status, candidates=tuple(candidates[:limit]), doubt=doubt
        )

    if not candidates:
        split_doubt = MatchDoubt.SPLIT if not chunk.sure and len(chunk.words) > 1 else None
        return row(MatchStatus.UNKNOWN, split_doubt)
    if len(chunk.words) == 1:
        # "रोहित" alone fits every Rohit: even a single one in reach is a guess.
        return row(MatchStatus.UNSURE, MatchDoubt.ONE_WORD)
    strong = [c for c in candidates if c.score >= SAME_NAME and c.similarity >= SAME_NAME]
    if not strong:
        return row(MatchStatus.UNSURE, MatchDoubt.WEAK)
    if len(strong) > 1 and strong[1].similarity > strong[0].similarity - CLEAR_MARGIN:
        return row(MatchStatus.UNSURE, MatchDoubt.SEVERAL)
    best = strong[0]
    others = [c for c in candidates if c is not best]
    return PastedMatch(
        chunk=chunk,
        status=MatchStatus.MATCHED,
        candidates=(best, *others)[:limit],
        person=best.person,
    )
