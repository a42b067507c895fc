"""协商通: create_app() and the command-line entry points (flask --app app ...)."""

import os
from functools import lru_cache
from importlib import import_module

from babel import Locale
from flask import Flask, has_request_context, redirect, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from config import LANGUAGES, Config, from_environment, require_secret_key
from extensions import babel, csrf, db, login_manager, migrate

# Endpoints reachable without signing in.
PUBLIC_ENDPOINTS = {"accounts.login", "accounts.set_language", "static", "ops.healthz", "favicon"}


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "xieshang.sqlite"
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(from_environment())
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    require_secret_key(app.config, app.instance_path)  # no server on a development key
    if proxies := app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way to wrap the WSGI app; mypy sees a method assigned.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )

    register_extensions(app)
    import_module("common.security_headers").install(app)  # CSP, nosniff, no framing
    import_module("ops.logging").install(app)  # JSON lines to stderr (off under TESTING)
    register_blueprints(app)
    register_login_gate(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def select_locale() -> str:
    if not has_request_context():  # CLI commands speak the default language
        return "zh_CN"
    return session.get("lang") or "zh_CN"


@lru_cache(maxsize=8)
def _parsed_locale(code: str) -> Locale:
    return Locale.parse(code)


def request_locale() -> Locale:
    """Babel's locale for the request, parsed once per language rather than per request
    (parsing a locale name costs about as much as a small page's whole rendering)."""
    return _parsed_locale(select_locale())


def register_extensions(app: Flask) -> None:
    import accounts.models  # noqa: F401  (models must be known to Alembic)
    import audit.models  # noqa: F401
    import committees.models  # noqa: F401
    import meetings.models  # noqa: F401
    import office.models  # noqa: F401
    import opinions.models  # noqa: F401
    import participants.models  # noqa: F401
    import responses.models  # noqa: F401
    import search.indexing  # noqa: F401  (search.models, and the hook keeping it current)
    import speakers.models  # noqa: F401

    db.init_app(app)
    from audit.services import install as install_audit_trail

    install_audit_trail()  # every ORM write leaves an AuditEvent in the same transaction
    import_module("committees.models").install(db.session)  # a child row: its parent's
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=request_locale)
    login_manager.init_app(app)
    import_module("responses.reminders").mail.init_app(app)  # reminder e-mails (Flask-Mail)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"
    if app.config.get("SQLALCHEMY_DATABASE_URI", "").startswith("sqlite"):
        from common.sqlite import enable_sqlite_pragmas

        with app.app_context():
            enable_sqlite_pragmas(db.engine)


def register_blueprints(app: Flask) -> None:
    from common.converters import IdConverter

    app.url_map.converters["id"] = IdConverter  # <id:meeting_id>: 1 … 2**31-1, else 404
    from accounts.user_admin import bp as users_bp
    from accounts.views import bp as accounts_bp
    from audit.views import bp as audit_bp
    from meetings.blueprint import bp as meetings_bp
    from opinions.blueprint import bp as opinions_bp
    from participants.views import departments_bp, participants_bp
    from responses.blueprint import assignments_bp, inbox_bp
    from speakers.blueprint import bp as speakers_bp
    from speech.blueprint import bp as speech_bp

    # A feature's view modules attach their routes to its blueprint (<package>/blueprint.py)
    # and its hooks to the meeting's life cycle (meetings/hooks.py) when they are imported.
    for module in (
        "meetings.views",
        "meetings.agenda_views",
        "meetings.invitation_views",
        "meetings.invitation_group_views",
        "speakers.views",
        "speech.views",
        "opinions.views",
        "opinions.consensus_views",
        "opinions.sections",
        "responses.assignment_views",
        "responses.board_views",
        "responses.notification_views",
        "responses.inbox_views",
        "responses.reply_views",
        "responses.commitment_views",
    ):
        import_module(module)

    app.register_blueprint(accounts_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(participants_bp)
    app.register_blueprint(departments_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(opinions_bp)
    app.register_blueprint(speakers_bp)
    app.register_blueprint(assignments_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(import_module("reports.export_views").exports_bp)
    app.register_blueprint(import_module("reports.views").bp)
    app.register_blueprint(import_module("search.views").bp)
    app.register_blueprint(import_module("dashboard.views").bp)
    app.register_blueprint(import_module("registers.views").bp)
    app.register_blueprint(import_module("participants.import_views").bp)
    app.register_blueprint(speech_bp)
    app.register_blueprint(import_module("ops.views").bp)
    app.register_blueprint(import_module("office.views").bp)
    app.register_blueprint(import_module("committees.views").bp)
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.ico"))

    @app.get("/")
    def index():
        # Each role lands where its work is (a department's inbox, a member's ratings …).
        return redirect(import_module("responses.inbox").landing_path(current_user))


def register_login_gate(app: Flask) -> None:
    """Every page but the login page needs a signed-in user: one rule, in one place."""
    from accounts import reach
    from accounts.reach import enter_request

    reach.install(app)

    @app.before_request
    def require_login():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        enter_request(current_user)  # the user's committee bounds every query from here on
        return None


def register_errorhandlers(app: Flask) -> None:
    """Error pages (also for a database that is down, read-only or full: 503) and the
    control-character guard on every form and query string."""
    from common.errors import register_error_guards

    register_error_guards(app)


def register_template_helpers(app: Flask) -> None:
    from common.templating import register_filters

    register_filters(app)
    from accounts.policy import can

    app.jinja_env.globals["can"] = can  # templates show only what the policy allows
    from responses.lifecycle import commitment_overdue

    app.jinja_env.globals["commitment_overdue"] = commitment_overdue  # one overdue rule
    import_module("common.idempotency").init_app(app)  # form tokens of the create forms
    import_module("common.form_translations").install(app)  # WTForms' gaps in Chinese
    from office.services import is_demo_instance

    app.jinja_env.globals["is_demo_instance"] = is_demo_instance  # the demo banner

    @app.context_processor
    def inject_languages():
        return {"LANGUAGES": LANGUAGES, "current_lang": select_locale()}


def register_commands(app: Flask) -> None:
    from accounts.cli import user_cli
    from demo.loader import demo_command

    app.cli.add_command(user_cli)
    app.cli.add_command(demo_command)
    # Each feature lists its own commands; app.py only collects them.
    for module, name in (
        ("committees.cli", "committee_commands"),
        ("demo.generate", "generate_commands"),
        ("speech.cli", "speech_commands"),
        ("ops.cli", "ops_commands"),
    ):
        for command in getattr(import_module(module), name):
            app.cli.add_command(command)
