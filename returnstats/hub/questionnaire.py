"""The optional Art. 25a questionnaire (hub-v1 "Qualitative Art. 25a input"): one file per
year, `art25a_questionnaire_<YYYY>.csv`, answers on a 1–3 scale to the questions of
COM(2021) 56 (d)(i)–(iv), listed in the seed `ref_art25a_questions`."""

from __future__ import annotations

import csv

from returnstats.resources import SEEDS_DIR

QUESTIONNAIRE_COLUMNS = ["reporting_country", "third_country", "question", "answer", "comment"]
ANSWER_SCALE = {1: "poor", 2: "average", 3: "good"}


def _questions() -> dict[str, str]:
    with open(SEEDS_DIR / "ref_art25a_questions.csv", newline="", encoding="utf-8") as handle:
        return {row["question"]: row["text"] for row in csv.DictReader(handle)}


QUESTIONS = _questions()
