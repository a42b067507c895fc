"""One opinion on the speech review page: its form, its lists and what is shown beside them.

The page holds one `ReviewEntry` per proposed opinion. What the review shows beside the
fields (each suggestion's departments, the bodies not in the directory) is worked out from
the texts as they stand, so it is the same on the first proposal and after a failed save.
"""

from dataclasses import dataclass, field

from extensions import db
from participants.models import Department, Participant
from speech import services as speech
from speech.departments import match_departments, unmatched_names
from speech.forms import ReviewLists, SpeechReviewForm
from speech.splitter import strip_controls


@dataclass
class ReviewEntry:
    form: SpeechReviewForm
    prefix: str
    suggestions: list[str] = field(default_factory=lambda: [""])
    chosen: list[int] = field(default_factory=list)  # ticked department ids
    included: bool = True  # a page of several: the user may leave one out
    valid: bool = True
    errors: list[str] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)  # ticked first, then the rest
    suggestion_departments: list[list[str]] = field(default_factory=list)
    not_in_directory: list[str] = field(default_factory=list)

    @property
    def box_id(self) -> str:
        """The suggestions fieldset's id (the single form keeps its historical one)."""
        return f"{self.prefix}speech-suggestions"

    def fill(self, found: speech.ProposedOpinion) -> None:
        """The first proposal: the form's fields from what the splitter found."""
        self.form.title.data = found.proposal.title[:200]
        self.form.body.data = found.body
        self.form.mode.data = speech.default_mode(found.departments).value
        self.form.speaker_id.data = found.speaker.id if found.speaker is not None else None
        self.suggestions = found.proposal.suggestions or [""]
        self.chosen = [d.id for d in found.departments]

    @classmethod
    def from_lists(cls, form: SpeechReviewForm, prefix: str, lists: ReviewLists) -> "ReviewEntry":
        return cls(
            form,
            prefix,
            suggestions=lists.suggestions or [""],
            chosen=list(lists.department_ids),
            errors=list(lists.errors),
        )

    def imported(self, by_id: dict[int, Department]) -> speech.ImportedOpinion:
        """What the reviewed form delivers, for save_imported_opinions."""
        form = self.form
        chosen = [by_id[i] for i in self.chosen]
        return speech.ImportedOpinion(
            speaker=db.session.get(Participant, form.speaker_id.data),
            title=strip_controls(form.title.data),
            body=strip_controls(form.body.data or ""),
            channel=form.channel.data,
            themes=strip_controls(form.themes.data or ""),
            suggestions=[s for s in self.suggestions if s],
            departments=chosen,
            mode=form.mode.data if chosen else None,
            lead=by_id.get(form.lead.data) if chosen else None,
            due_date=form.due_date.data,
        )


def describe(entry: ReviewEntry, departments: list[Department]) -> None:
    """Fill what the review shows beside the entry's fields."""
    by_id = {d.id: d for d in departments}
    entry.departments = [by_id[i] for i in entry.chosen if i in by_id]
    entry.departments += [d for d in departments if d.id not in entry.chosen]
    entry.suggestion_departments = [  # short names: a compact note under each suggestion
        [d.short_name or d.name for d in match_departments(text, departments)]
        for text in entry.suggestions
    ]
    texts = [entry.form.title.data or "", entry.form.body.data or "", *entry.suggestions]
    entry.not_in_directory = unmatched_names("\n".join(texts), departments)
