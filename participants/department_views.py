"""Departments (承办单位): list, create, edit, detail, deactivate (thin handlers)."""

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

from accounts import policy
from accounts.policy import permission_required
from common.pagination import page_number
from participants import department_services as services
from participants.forms import ID, DepartmentForm
from participants.models import Department
from participants.services import STATUS_ACTIVE, STATUSES
from participants.view_steps import add_active_switches, changes_saved, save_form, saved

departments_bp = Blueprint("departments", __name__, url_prefix="/departments")


def department_or_404(id: int, action: str = "department.manage") -> Department:
    """The department, if the signed-in user may do `action` to it (404 / 403 otherwise)."""
    return policy.get_or_404(Department, id, action)


def department_input(form: DepartmentForm) -> services.DepartmentInput:
    return services.DepartmentInput(
        name=form.name.data,
        short_name=form.short_name.data,
        aliases=form.aliases.data,
        contact_person=form.contact_person.data,
        phone=form.phone.data,
        email=form.email.data,
        address=form.address.data,
    )


def render_form(form: DepartmentForm, department: Department | None, status: int = 200):
    return render_template("departments/form.html", form=form, department=department), status


@departments_bp.get("/")
@permission_required("department.list")
def list_departments():
    q = request.args.get("q", "").strip()
    status = request.args.get("status", STATUS_ACTIVE)
    status = status if status in STATUSES else STATUS_ACTIVE
    page = page_number(request.args)
    pagination = services.search_departments(q, status, page, current_app.config["PAGE_SIZE"])
    return render_template("departments/list.html", pagination=pagination, q=q, status=status)


@departments_bp.route("/new", methods=["GET", "POST"])
@permission_required("department.manage")
def create_department():
    form = DepartmentForm()
    return save_form(
        form,
        lambda: services.create_department(department_input(form)),
        rerender=lambda status: render_form(form, None, status),
        done=lambda department: saved(
            _("%(name)s was added.", name=department.name), ".department_detail", department
        ),
    )


@departments_bp.get(f"/{ID}")
def department_detail(id: int):
    department = department_or_404(id, "department.view")
    return render_template(
        "departments/detail.html",
        department=department,
        officials=services.department_officials(department),
    )


@departments_bp.route(f"/{ID}/edit", methods=["GET", "POST"])
def edit_department(id: int):
    department = department_or_404(id)
    form = DepartmentForm(obj=department)
    if request.method == "GET":
        form.aliases.data = "，".join(department.aliases)
    return save_form(
        form,
        lambda: services.update_department(department, department_input(form)),
        rerender=lambda status: render_form(form, department, status),
        done=lambda _saved: changes_saved(department, ".department_detail"),
    )


add_active_switches(
    departments_bp,
    "department",
    department_or_404,
    services.set_department_active,
    ".department_detail",
)
