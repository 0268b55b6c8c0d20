"""询问转介绍: record that a customer was asked for a referral, and what they answered. When they
named someone, the page goes on to the referral registration with the customer as referrer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.customers.selectors import get_customer
from lianyi.journey.referral_asks import record_referral_ask
from lianyi.journey.services import Contact
from lianyi.journey.steps import ReferralAnswer
from lianyi.org.capabilities import Capability, has_capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.referral_asks import ReferralAskForm


@login_required
def record(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.JOURNEY_RECORD)
    with not_found_as_404():
        customer = get_customer(user=user, customer_id=customer_id)
    form = ReferralAskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_referral_ask(
                by=user,
                customer_id=customer.pk,
                answer=data.get("answer") or "",
                contact=Contact(notes=data.get("notes") or ""),
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已记录询问转介绍。"))
            named = data.get("answer") == ReferralAnswer.GAVE_CONTACT
            if named and has_capability(user, Capability.CUSTOMERS_REGISTER):
                return redirect(f"{reverse('web:register')}?referrer={customer.pk}")
            return redirect("web:customer", customer.pk)
    return render(request, "journey/referral_ask.html", {"customer": customer, "form": form})
