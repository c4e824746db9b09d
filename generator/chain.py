"""The 一事一议 chain of art. 6, read from a project's ``policy``: which steps are missing or
did not pass. Shared by validation (signing before the chain is complete is an error) and
evaluation (the signing clock starts only after a complete, approved chain)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ONE_CASE = "case_by_case"   # the schema's name for 一事一议
CHAIN_ORDER = ("leading_group", "executive_meeting", "standing_committee")
CHAIN_NAMES = {"leading_group": "招商领导小组", "executive_meeting": "县政府常务会",
               "standing_committee": "县委常委会"}
RESULT_NAMES = {"rejected": "未通过", "deferred": "暂缓", None: "未填写结果"}


@dataclass(frozen=True)
class ChainState:
    missing: tuple[str, ...]        # bodies with no step yet, in the chain's order
    unapproved: tuple[str, ...]     # bodies whose step did not (yet) pass: deferred, no result
    rejected: str | None            # the first body that rejected the case: the project stops

    @property
    def complete(self) -> bool:
        return not (self.missing or self.unapproved or self.rejected)


def chain_state(policy: Any) -> ChainState | None:
    """The chain of a 一事一议 policy; ``None`` when the policy is not 一事一议."""
    if not isinstance(policy, dict) or policy.get("kind") != ONE_CASE:
        return None
    chain = policy.get("chain")
    steps = [s for s in chain if isinstance(s, dict)] if isinstance(chain, list) else []
    result = {s.get("body"): s.get("result") for s in steps}
    rejected = next((b for b in CHAIN_ORDER if result.get(b) == "rejected"), None)
    return ChainState(
        missing=tuple(b for b in CHAIN_ORDER if b not in result),
        unapproved=tuple(b for b in CHAIN_ORDER if b in result and result[b] not in (
            "approved", "rejected")),
        rejected=rejected)
