"""`flask seed-demo`: a demo organisation, staff accounts and open offers with answers."""

import base64
import hashlib
import hmac
import random
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from participation.accounts.models import Organisation
from participation.accounts.services import (
    OrganisationProfile,
    create_organisation,
    create_user,
    find_user,
    set_moderator_rights,
)
from participation.answers import analog, codes, kiosk
from participation.answers.counts import rebuild_counts
from participation.answers.models import Answer, KioskLink, Submission
from participation.answers.services import review_key
from participation.enums import (
    AgeGroup,
    Channel,
    Goal,
    OfferFormat,
    OrganisationKind,
    ParticipationLevel,
    QuestionKind,
    ReviewState,
)
from participation.extensions import db
from participation.methods import services as method_services
from participation.moderation.services import approve, queue
from participation.offers import content_translations, quality, services
from participation.offers.models import Offer
from participation.results.services import OutcomeFields, publish_results, save_outcome
from participation.roles import Role
from participation.timeutil import current_hour, local_today
from participation.urls import external_url

# Demo only: printed on purpose so that a newcomer can log in. Never seed a production database.
DEMO_ACCOUNTS = [
    ("admin@mitreden.example", "demo-admin-2026", Role.admin),
    ("planung@mitreden.example", "demo-planung-2026", Role.planner),
    ("fachkraft@mitreden.example", "demo-fachkraft-2026", Role.youth_worker),
]
DEMO_ORGANISATION = "Demo-Träger Jugendarbeit Leipzig"
# issue 14: the network page. Made-up organisations with made-up public addresses (example.org).
DEMO_PROFILE = OrganisationProfile(
    stadtbezirk="6",
    contact_email="info@demo-traeger.example.org",
    contact_phone="0341 0000 100",
    website="https://demo-traeger.example.org",
)
DEMO_NETWORK = [
    (
        "Demo-Amt für Jugend und Familie",
        OrganisationKind.amt,
        OrganisationProfile("0", "beteiligung@demo-amt.example.org", "0341 0000 200", ""),
    ),
    (
        "Demo-Oberschule am Park",
        OrganisationKind.school,
        OrganisationProfile(
            "3", "sekretariat@demo-schule.example.org", "", "https://demo-schule.example.org"
        ),
    ),
    (
        "Demo-Jugendclub Nordlicht",
        OrganisationKind.youth_club,
        OrganisationProfile("5", "", "0341 0000 300", "https://nordlicht.example.org"),
    ),
]
# issue 14: a checklist in progress on the first demo offer
DEMO_TICKS = ("voluntary", "age_appropriate", "early")

Q = services.QuestionFields

# The flash-feedback offer in four more languages, so a newcomer can try the language switch:
# (title, what can be decided, description, question 1, question 2).
DEMO_TRANSLATIONS = {
    "en": (
        "Quick feedback: how was the holiday week?",
        "Your answers help us plan the next holiday week better.",
        "Short feedback on the holiday week in the neighbourhood.",
        "How did you like the holiday week?",
        "Will you come again next time?",
    ),
    "leicht": (
        "Kurze Frage: Wie war die Ferien·woche?",
        "Deine Antworten helfen uns. Dann planen wir die nächste Ferien·woche besser.",
        "Sag uns kurz: Wie war die Ferien·woche?",
        "Wie war die Ferien·woche für dich?",
        "Kommst du nächstes Mal wieder?",
    ),
    "ar": (
        "رأي سريع: كيف كان أسبوع العطلة؟",
        "إجاباتكم تساعدنا على تخطيط أسبوع العطلة القادم بشكل أفضل.",
        "رأي قصير عن أسبوع العطلة في الحي.",
        "كيف وجدت أسبوع العطلة؟",
        "هل ستأتي مرة أخرى في المرة القادمة؟",
    ),
    "uk": (
        "Коротко: як минув тиждень канікул?",
        "Твої відповіді допоможуть нам краще спланувати наступний тиждень канікул.",
        "Короткий відгук про тиждень канікул у районі.",
        "Як тобі сподобався тиждень канікул?",
        "Прийдеш наступного разу знову?",
    ),
}
DEMO_OFFERS = [
    {
        "title": "Was wünscht ihr euch für den Jugendtreff im Sommer?",
        "description": (
            "Wir planen das Sommerprogramm im Jugendtreff und wollen wissen, was euch wichtig ist."
        ),
        "format": OfferFormat.online_survey,
        "level": ParticipationLevel.co_decision,
        "age_groups": [AgeGroup.age_10_13, AgeGroup.age_14_17],
        "ortsteile": ["20", "21"],
        "decision_scope": (
            "Ihr entscheidet mit, welche drei Angebote es im Sommer gibt. Das Team setzt sie um."
        ),
        "questions": [
            Q(QuestionKind.smiley, "Wie gefällt dir der Jugendtreff gerade?", True),
            Q(
                QuestionKind.single,
                "Wann kommst du am liebsten?",
                False,
                None,
                ["Nach der Schule", "Am Abend", "Am Wochenende"],
            ),
            Q(
                QuestionKind.multiple,
                "Was sollen wir im Sommer anbieten?",
                False,
                None,
                ["Fußballturnier", "Graffiti-Workshop", "Ausflug ans Wasser", "Kochen", "Musik machen"],
            ),
            Q(QuestionKind.yes_no, "Würdest du beim Planen helfen?"),
            Q(
                QuestionKind.dots,
                "Verteile 3 Punkte: Was ist dir am wichtigsten?",
                False,
                3,
                ["Längere Öffnungszeiten", "Mehr Ausflüge", "Neue Möbel", "WLAN"],
            ),
            Q(QuestionKind.text, "Was möchtest du uns noch sagen?"),
        ],
    },
    {
        "title": "Blitzlicht: Wie war die Ferienwoche?",
        "description": "Kurze Rückmeldung zur Ferienwoche im Stadtteil.",
        "format": OfferFormat.smiley_feedback,
        "level": ParticipationLevel.consultation,
        "age_groups": [AgeGroup.age_6_9, AgeGroup.age_10_13],
        "ortsteile": ["63"],
        "decision_scope": "Eure Antworten helfen uns, die nächste Ferienwoche besser zu planen.",
        "questions": [
            Q(QuestionKind.smiley, "Wie fandest du die Ferienwoche?", True),
            Q(QuestionKind.yes_no, "Kommst du nächstes Mal wieder?"),
        ],
    },
    {
        "title": "Punktabfrage: Neuer Spielplatz im Park",
        "description": "Der Spielplatz wird neu gebaut. Ihr könnt mitbestimmen, was es dort geben soll.",
        "format": OfferFormat.dot_voting,
        "level": ParticipationLevel.co_decision,
        "age_groups": [AgeGroup.age_6_9, AgeGroup.age_10_13],
        "ortsteile": ["52", "51"],
        "decision_scope": "Die zwei Spielgeräte mit den meisten Punkten werden gebaut.",
        "questions": [
            Q(
                QuestionKind.dots,
                "Verteile 5 Punkte auf die Spielgeräte",
                True,
                5,
                ["Kletterwand", "Seilbahn", "Wasserspiel", "Trampolin", "Baumhaus"],
            ),
            Q(QuestionKind.text, "Hast du noch eine andere Idee?"),
        ],
    },
]
# issue 13: one-time codes. A class vote where everyone counts once: 30 cards printed, 12 used.
DEMO_CLASS_VOTE = {
    "title": "Klassenrat 7b: Wohin geht der Wandertag?",
    "description": "Jede und jeder aus der Klasse hat eine Karte mit einem Code und stimmt einmal ab.",
    "format": OfferFormat.workshop,
    "level": ParticipationLevel.co_decision,
    "age_groups": [AgeGroup.age_10_13],
    "ortsteile": ["40"],
    "decision_scope": "Die Klasse entscheidet, wohin der Wandertag im Frühjahr geht.",
    "questions": [
        Q(
            QuestionKind.single,
            "Wohin soll der Wandertag gehen?",
            True,
            None,
            ["Zoo", "Kletterpark", "Auwald"],
        ),
    ],
}
DEMO_CLASS_CARDS, DEMO_CLASS_USED = 30, 12
# A finished offer, to show the loop closed: results and Rückmeldung at the same link.
DEMO_FINISHED = {
    "title": "Herbstferien im Treff: Wie war es?",
    "description": "Rückblick auf die Herbstferien im Stadtteiltreff.",
    "format": OfferFormat.smiley_feedback,
    "level": ParticipationLevel.consultation,
    "age_groups": [AgeGroup.age_10_13, AgeGroup.age_14_17],
    "ortsteile": ["30", "31"],
    "decision_scope": "Eure Antworten bestimmen, was wir in den Winterferien anders machen.",
    "questions": [
        Q(QuestionKind.smiley, "Wie fandest du die Herbstferien im Treff?", True),
        Q(QuestionKind.single, "Was war am besten?", False, None, ["Ausflug", "Kochen", "Filmabend"]),
        Q(QuestionKind.text, "Was sollen wir im Winter anders machen?"),
    ],
    "outcome": OutcomeFields(
        decision="Im Winter gibt es wieder einen Ausflug und zwei Filmabende. Kochen machen wir seltener.",
        next_steps="Das Team fragt im Januar nach euren Filmwünschen.",
        responsible="Team Stadtteiltreff",
    ),
}
DEMO_TEXTS = [
    "Mehr Sport wäre cool",
    "Länger offen bitte!",
    "Ich finde alles gut",
    "Ein Kicker fehlt",
    "Mehr Ausflüge",
    "Die Betreuer sind nett",
]


def _answers_for(question, rng: random.Random) -> list[Answer]:
    kind = question.kind
    if kind is QuestionKind.smiley:
        return [Answer(question_id=question.id, value=rng.choice([3, 4, 4, 5, 5, 2]))]
    if kind is QuestionKind.yes_no:
        return [Answer(question_id=question.id, value=rng.choice([0, 1, 1]))]
    if kind is QuestionKind.single:
        return [Answer(question_id=question.id, option_id=rng.choice(question.options).id)]
    if kind is QuestionKind.multiple:
        picked = rng.sample(question.options, rng.randint(1, 3))
        return [Answer(question_id=question.id, option_id=o.id) for o in picked]
    if kind is QuestionKind.dots:
        points: dict[int, int] = {}
        for _ in range(question.points):
            option = rng.choice(question.options)
            points[option.id] = points.get(option.id, 0) + 1
        return [Answer(question_id=question.id, option_id=oid, value=p) for oid, p in points.items()]
    if rng.random() >= 0.4:
        return []
    return [
        Answer(
            question_id=question.id,
            text=rng.choice(DEMO_TEXTS),
            review_state=ReviewState.pending,
            review_key=review_key(),
        )
    ]


def _add_demo_answers(offer: Offer, rng: random.Random, count: int) -> None:
    for n in range(count):
        answers = [a for q in offer.questions for a in _answers_for(q, rng)]
        db.session.add(
            Submission(
                offer_id=offer.id,
                answers=answers,
                age_group=rng.choice([None, *offer.age_groups]),
                ortsteil_code=rng.choice([None, *offer.ortsteil_codes]),
                created_at=current_hour() - timedelta(hours=3 * n),
            )
        )


def ensure_demo_data() -> list[Offer]:
    """Create whatever part of the demo data is missing and return the demo offers."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == DEMO_ORGANISATION))
    if organisation is None:
        organisation = create_organisation(
            name=DEMO_ORGANISATION, kind=OrganisationKind.traeger, profile=DEMO_PROFILE
        )
    _network_demo()
    for email, password, role in DEMO_ACCOUNTS:
        if find_user(email) is None:
            orgs = [organisation] if role is Role.youth_worker else []
            create_user(email=email, password=password, role=role, organisations=orgs)
    worker = find_user(DEMO_ACCOUNTS[2][0])
    set_moderator_rights(worker, {organisation.id})
    rng = random.Random(2026)
    offers = []
    for spec in DEMO_OFFERS:
        offer = _demo_offer(organisation, spec)
        if offer is None:
            offer = _open_demo_offer(organisation, worker, spec, days=(-7, 30, 45))
            _add_demo_answers(offer, rng, rng.randint(18, 30))
        offers.append(offer)
    _translate_demo_offer(offers[1], worker)
    offers.append(_finished_offer(organisation, worker, rng))
    _concern_demo(organisation, offers[-1], worker)  # issue 14: a case in the Kinderschutz queue
    offers.append(_class_vote(organisation, worker, rng))  # issue 13: one-time codes
    _analog_demo(offers[0], worker)  # issue 13: a Punktabfrage on the flipchart, typed in
    method_services.seed_methods()  # issue 14: the Methodenkoffer, and one offer made from it
    offers.append(_method_offer(organisation, worker, rng))
    if not quality.ticked(offers[0]):  # issue 14: a quality checklist in progress
        quality.set_ticks(offers[0], DEMO_TICKS, actor=worker)
    db.session.flush()
    rebuild_counts()  # the demo adds submissions directly, not through the answer form
    return offers


DEMO_CONCERN = "Ich trau mich nicht nach Hause, mein Stiefvater schlägt mich."


def _concern_demo(organisation: Organisation, offer: Offer, worker) -> None:
    """The youth worker is the demo organisation's Kinderschutz contact, and one answer waits in the
    Kinderschutz queue (never in moderation, never published)."""
    if organisation.child_protection_contact_id is None:
        organisation.child_protection_contact_id = worker.id
    exists_already = db.session.scalar(
        select(Answer.id)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.offer_id == offer.id, Answer.review_state == ReviewState.concern)
    )
    question = next((q for q in offer.questions if q.kind is QuestionKind.text), None)
    if exists_already is not None or question is None:
        return
    # One of the young people who left the text question empty wrote it (no extra participant).
    submission = db.session.scalar(
        select(Submission)
        .where(Submission.offer_id == offer.id)
        .where(~Submission.answers.any(Answer.question_id == question.id))
        .order_by(Submission.id)
    )
    if submission is None:
        return
    submission.answers.append(
        Answer(
            question_id=question.id,
            text=DEMO_CONCERN,
            review_state=ReviewState.concern,
            review_key=review_key(),
        )
    )


def _network_demo() -> None:
    """Other organisations of the network (issue 14), with their Stadtbezirk and public contact."""
    for name, kind, profile in DEMO_NETWORK:
        if db.session.scalar(select(Organisation).where(Organisation.name == name)) is None:
            create_organisation(name=name, kind=kind, profile=profile)


def _analog_demo(offer: Offer, worker) -> None:
    """Sticky dots on a flipchart at the youth club's summer party, typed in by the youth worker: 14
    took part; the first question with options gets its dots, and one paper note goes to moderation."""
    if analog.entries(offer.id):
        return
    question = next((q for q in offer.questions if q.options), None)
    counts = {}
    if question is not None:
        dots = [5, 3, 4, 2, 6, 1]
        counts = {
            (question.id, option.id, None): dots[n % len(dots)] for n, option in enumerate(question.options)
        }
    texts = {q.id: ["Mehr Abende mit Musik im Hof"] for q in offer.questions if q.kind.value == "text"}
    data = analog.AnalogData(
        "dots", 14, max(offer.starts_on, local_today() - timedelta(days=2)), counts, texts
    )
    analog.create_entry(offer, data, actor=worker)


def _translate_demo_offer(offer: Offer, worker) -> None:
    keys = ["title", "decision_scope", "description", *(f"q{q.id}" for q in offer.questions)]
    for language, texts in DEMO_TRANSLATIONS.items():
        if not content_translations.load(offer, language):
            cleaned, _errors = content_translations.validate(offer, dict(zip(keys, texts, strict=True)))
            content_translations.save(offer, language, cleaned, actor=worker)


def _demo_offer(organisation: Organisation, spec: dict) -> Offer | None:
    return db.session.scalar(
        select(Offer).where(Offer.organisation_id == organisation.id, Offer.title == spec["title"])
    )


def _open_demo_offer(organisation: Organisation, worker, spec: dict, *, days: tuple[int, int, int]) -> Offer:
    """Create and publish one demo offer; days: start, end and Rückmeldung date, counted from today."""
    today = local_today()
    starts, ends, due = (today + timedelta(days=n) for n in days)
    fields = services.OfferFields(
        title=spec["title"],
        description=spec["description"],
        format=spec["format"],
        level=spec["level"],
        age_groups=spec["age_groups"],
        ortsteil_codes=spec["ortsteile"],
        goals=[Goal.participation],
        decision_scope=spec["decision_scope"],
        starts_on=starts,
        ends_on=ends,
        outcome_due_on=due,
    )
    offer = services.create_offer(organisation=organisation, created_by=worker, fields=fields)
    for question in spec["questions"]:
        services.add_question(offer, question)
    services.publish(offer, actor=worker)
    return offer


def _finished_offer(organisation: Organisation, worker, rng: random.Random) -> Offer:
    spec = DEMO_FINISHED
    offer = _demo_offer(organisation, spec)
    if offer is not None:
        return offer
    offer = _open_demo_offer(organisation, worker, spec, days=(-40, -12, -2))
    _add_demo_answers(offer, rng, 24)
    services.close(offer, actor=worker)
    db.session.flush()
    for item in queue(worker):  # approve the harmless demo texts, so the results page has quotes
        if item.answer.submission.offer_id == offer.id and not item.flags:
            approve(item.answer, actor=worker)
    save_outcome(offer, spec["outcome"], actor=worker)
    publish_results(offer, actor=worker)
    return offer


def _class_vote(organisation: Organisation, worker, rng: random.Random) -> Offer:
    """The class vote with one-time codes: cards printed (their codes are not kept: print more on the
    offer's page to try one), some of them used by answers that came in by code."""
    offer = _demo_offer(organisation, DEMO_CLASS_VOTE)
    if offer is not None:
        return offer
    offer = _open_demo_offer(organisation, worker, DEMO_CLASS_VOTE, days=(-1, 6, 14))
    codes.set_required(offer, True, actor=worker)
    for card in codes.new_codes(offer, DEMO_CLASS_CARDS, actor=worker)[:DEMO_CLASS_USED]:
        codes.use(offer.id, card)
        answers = [a for q in offer.questions for a in _answers_for(q, rng)]
        db.session.add(Submission(offer_id=offer.id, answers=answers, channel=Channel.code))
    return offer


DEMO_FROM_METHOD = {  # issue 14: one offer made from a method of the Methodenkoffer
    "slug": "ideenwand",
    "title": "Ideenwand: Was soll im Hof vom Treff passieren?",
    "ortsteile": ["10"],
    "age_groups": [AgeGroup.age_10_13, AgeGroup.age_14_17],
    "decision_scope": "Ihr entscheidet mit, welche zwei Ideen wir im Frühjahr im Hof umsetzen.",
}


def _method_offer(organisation: Organisation, worker, rng: random.Random) -> Offer | None:
    """The Ideenwand from the Methodenkoffer, made into an offer the way a youth worker does it."""
    offer = _demo_offer(organisation, DEMO_FROM_METHOD)
    method = method_services.by_slug(DEMO_FROM_METHOD["slug"])
    if offer is not None or method is None:
        return offer
    offer = method_services.create_offer_from(method, organisation=organisation, created_by=worker)
    today = local_today()
    fields = services.OfferFields(
        title=DEMO_FROM_METHOD["title"],
        description=method.aim,
        format=offer.format,
        level=offer.level,
        age_groups=DEMO_FROM_METHOD["age_groups"],
        ortsteil_codes=DEMO_FROM_METHOD["ortsteile"],
        goals=[Goal.participation],
        decision_scope=DEMO_FROM_METHOD["decision_scope"],
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=20),
        outcome_due_on=today + timedelta(days=35),
    )
    services.update_offer(offer, fields)
    services.publish(offer, actor=worker)
    _add_demo_answers(offer, rng, 16)
    return offer


DEMO_KIOSK_NAME = "Demo-Tablet Jugendtreff"


def ensure_demo_kiosk(offer: Offer) -> str:
    """A kiosk link for the first demo offer; returns its token. Demo only: the token is derived from the
    secret key, so that every run prints the same link (a real kiosk link is random and shown once)."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), b"demo-kiosk", hashlib.sha256).digest()
    token = base64.urlsafe_b64encode(digest[:24]).decode()
    existing = db.session.scalar(select(KioskLink).where(KioskLink.token_hash == kiosk.token_hash(token)))
    if existing is not None and kiosk.state(existing) != "active":
        db.session.delete(existing)  # expired since the last run: the same link starts again
        db.session.flush()
        existing = None
    if existing is None:
        created = kiosk.create(offer, name=DEMO_KIOSK_NAME, days=kiosk.MAX_DAYS, actor=None)
        created.link.token_hash = kiosk.token_hash(token)
    return token


@click.command("seed-demo")
@click.option(
    "--base-url",
    default="http://127.0.0.1:5000",
    show_default=True,
    help="Where the app is reachable, for the printed links.",
)
@with_appcontext
def seed_demo(base_url: str) -> None:
    """Load demo data (idempotent) and print the demo logins and each offer's public link."""
    offers = ensure_demo_data()
    kiosk_token = ensure_demo_kiosk(offers[0])
    db.session.commit()
    click.echo("Demo logins (demo passwords, never use them in production):")
    for email, password, role in DEMO_ACCOUNTS:
        click.echo(f"  {role.value:<13} {email:<30} {password}")
    click.echo("Demo offers:")
    with current_app.test_request_context(base_url=base_url):
        for offer in offers:
            click.echo(f"  {external_url('link.give', code=offer.code)}  {offer.title}")
        click.echo(f"Demo kiosk (shared tablet) for “{offers[0].title}”:")
        click.echo(f"  {external_url('link.kiosk', token=kiosk_token)}  {DEMO_KIOSK_NAME}")
