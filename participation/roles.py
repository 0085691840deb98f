"""Staff roles, and the role sets that open each staff area: the decorators, the navigation and the
permission tests all use these names."""

import enum


class Role(enum.Enum):
    admin = "admin"
    planner = "planner"
    youth_worker = "youth_worker"


STAFF = frozenset(Role)  # the staff start page
OFFER_MANAGERS = frozenset({Role.youth_worker, Role.admin})  # offers, Rückmeldung, moderation
PLANNERS = frozenset({Role.planner, Role.admin})  # the planning dashboard
ADMINS = frozenset({Role.admin})  # organisations, accounts, audit log, Schwerpunkträume
