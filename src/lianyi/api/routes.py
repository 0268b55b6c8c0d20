"""The JSON API under /api/: one router per area; schema at /api/openapi.json."""

from ninja import NinjaAPI

from lianyi.api import audit, auth, claims, customers, jobs, journey
from lianyi.api import gatherings_attendance as gatherings_attendance
from lianyi.api import gatherings_checkin as gatherings_checkin
from lianyi.api import gatherings_draw as gatherings_draw
from lianyi.api import gatherings_engagement as gatherings_engagement
from lianyi.api import gatherings_planning as gatherings_planning
from lianyi.api import gatherings_printing as gatherings_printing
from lianyi.api import gatherings_seating as gatherings_seating
from lianyi.api import journey_referral_asks as journey_referral_asks
from lianyi.api import sales_catalogue as sales_catalogue
from lianyi.api import sales_orders as sales_orders
from lianyi.api.errors import install_error_handlers
from lianyi.api.security import api_auth, signed_in_for_docs

api = NinjaAPI(
    title="Lianyi API",
    version="1",
    auth=api_auth,
    urls_namespace="api",
    docs_decorator=signed_in_for_docs,
)
install_error_handlers(api)

api.add_router("", auth.router)
api.add_router("", customers.router)
api.add_router("", journey.router)
api.add_router("", claims.router)
api.add_router("", audit.router)
api.add_router("", gatherings_checkin.router)
api.add_router("", gatherings_draw.router)
api.add_router("", gatherings_engagement.router)
api.add_router("", gatherings_attendance.router)
api.add_router("", gatherings_planning.router)
api.add_router("", gatherings_printing.router)
api.add_router("", gatherings_seating.router)
api.add_router("", jobs.router)
api.add_router("", sales_catalogue.router)
api.add_router("", sales_orders.router)
api.add_router("", journey_referral_asks.router)
