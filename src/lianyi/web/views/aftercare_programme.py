"""售后计划 on the customer's page: the customer's contact preference (it re-plans their tasks)
and the tasks with why each was moved or dropped; and recording the contact of a task from the
today page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianyi.aftercare.models import ContactChannel, TaskKind, TaskState
from lianyi.aftercare.selectors import get_task
from lianyi.aftercare.services.contacts import record_contact
from lianyi.aftercare.services.programme import set_contact_preference
from lianyi.core.errors import DomainError
from lianyi.customers.selectors import get_customer
from lianyi.org.capabilities import Capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.aftercare_programme import ContactPreferenceForm, TaskContactForm


@login_required
@require_POST
def contact_preference(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.AFTERCARE_RECORD)
    with not_found_as_404():
        customer = get_customer(user=user, customer_id=customer_id)
    form = ContactPreferenceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            set_contact_preference(
                by=user,
                customer_id=customer.pk,
                max_per_month=data.get("max_per_month"),
                channel=data.get("channel") or "",
                note=data.get("note") or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存联系偏好，售后计划已按偏好调整。"))
            return redirect(reverse("web:customer", args=[customer.pk]) + "#programme")
    return render(
        request,
        "customers/contact_preference.html",
        {"customer": customer, "preference_form": form},
    )


@login_required
def record_task(request: AuthenticatedRequest, task_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.AFTERCARE_RECORD)
    with not_found_as_404():
        task = get_task(user=user, task_id=task_id)
    customer = task.customer
    channel = ContactChannel.VISIT if task.kind == TaskKind.VISIT else ContactChannel.PHONE
    form = TaskContactForm(request.POST or None, initial={"channel": channel, "reached": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_contact(
                by=user,
                customer_id=customer.pk,
                task_id=task.pk,
                channel=data.get("channel") or "",
                reached=bool(data.get("reached")),
                satisfaction=data.get("satisfaction") or "",
                notes=data.get("notes") or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已记录售后联系。"))
            return redirect("web:today")
    return render(
        request,
        "aftercare/record_task.html",
        {
            "customer": customer,
            "task": task,
            "form": form,
            "is_open": task.state == TaskState.OPEN,
        },
    )
