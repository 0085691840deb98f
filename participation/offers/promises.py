"""What the public offer page promises young people for each met point of the quality checklist
(offers.quality). Kept apart from the staff wording because these strings are public: they are
translated into every UI language and Leichte Sprache."""

from flask_babel import lazy_gettext as _l

PROMISES = {
    "voluntary": _l("Taking part is voluntary: nothing bad happens if you say no."),
    "age_appropriate": _l("The information is written for your age."),
    "languages": _l("You can read this offer in more than one language."),
    "diversity": _l("Everyone is welcome: we thought about different needs."),
    "early": _l("You are asked early, while things can still change."),
    "resources": _l("Time and money are planned to carry out what is decided."),
    "transparent": _l("You can follow every step and see who decides."),
    "evaluated": _l("Afterwards you can tell us how it went."),
    "feedback_on_time": _l("The results came by the promised date."),
}
