"""The oversight app's records, one module per duty (each module's models are re-exported here
so that Django and the rest of the code find them as ``lianyi.oversight.models``)."""

from lianyi.oversight.models.diary import DiaryEntry, DiaryTalk, DiaryVersion  # noqa: F401
from lianyi.oversight.models.profiles import DailyProfile, ProfileState  # noqa: F401
