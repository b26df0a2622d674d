"""The report's fixed wording, in Spanish and English."""

from __future__ import annotations

TEXTS = {
    "es": {
        "title": "Informe de corrección",
        "submission": "Entrega",
        "backend": "Emulador",
        "score": "Puntuación",
        "duration": "Duración",
        "criterion": "Criterio",
        "status": "Estado",
        "points": "Puntos",
        "message": "Detalle",
        "what_to_do": "Qué hacer",
        # The checks' own evidence is technical text written in English.
        "evidence": "Lo que vio el corrector (en inglés)",
        "next_steps": "Siguientes pasos",
        "all_passed": "Todo lo que se pudo comprobar está bien. ¡Buen trabajo!",
        "fix_first": "Empieza por el primer criterio que falla; los que dan error dependen de él.",
        "notes": "Notas del corrector",
        "advice": "Consejos (sin puntos)",
        "screenshots": "Capturas del dashboard",
        "timed_out": ("La corrección llegó al límite de tiempo; lo que no terminó cuenta "
                      "como error."),
        "safety_gate": ("Terraform no se ejecutó porque la configuración no es segura "
                        "(safety.terraform): ningún criterio de los retos 2 a 7 puntúa."),
        "passed": "superado", "failed": "no superado", "error": "error",
        "skipped": "omitido", "not_graded": "sin evaluar",
    },
    "en": {
        "title": "Grading report",
        "submission": "Submission",
        "backend": "Emulator",
        "score": "Score",
        "duration": "Duration",
        "criterion": "Criterion",
        "status": "Status",
        "points": "Points",
        "message": "Detail",
        "what_to_do": "What to do",
        "evidence": "What the grader saw",
        "next_steps": "Next steps",
        "all_passed": "Everything that could be checked is right. Well done!",
        "fix_first": "Start with the first failing criterion; the ones in error depend on it.",
        "notes": "Grader notes",
        "advice": "Advice (no points)",
        "screenshots": "Dashboard screenshots",
        "timed_out": "Grading hit its time limit; what did not finish counts as an error.",
        "safety_gate": ("Terraform was not run because the configuration is unsafe "
                        "(safety.terraform): no criterion of Retos 2 to 7 scores."),
        "passed": "passed", "failed": "failed", "error": "error",
        "skipped": "skipped", "not_graded": "not graded",
    },
}


def text(lang: str, key: str) -> str:
    """A fixed phrase in the report's language."""
    return TEXTS[lang][key]


def points(value: object) -> str:
    """Points for display: two decimals at most, no trailing zeros."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def earned(result: object) -> str:
    """"1.67 / 1.67" for a counted criterion, "–" for one outside the score."""
    if result.max_points == 0 and result.criterion.points != 0:
        return "–"
    return f"{points(result.points)} / {points(result.max_points)}"
