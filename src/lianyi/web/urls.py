from django.urls import path

# returns and who to call back first (slice "returns")
from lianyi.web.views import (
    admin_catalogue,
    admin_org,
    admin_places,
    admin_rules,
    admin_stands,
    admin_stock,
    aftercare_programme,
    audit,
    auth,
    call_first,
    catalogue,
    claims,
    customers,
    jobs,
    journey,
    more,
    orders,
    referral_asks,
    referrals,
    returns,
    today,
)
from lianyi.web.views import cases as cases_views
from lianyi.web.views import confirmation_calls as confirmation_calls
from lianyi.web.views import deliveries as deliveries
from lianyi.web.views import gatherings_attendance as attendance
from lianyi.web.views import gatherings_checkin as checkin
from lianyi.web.views import gatherings_draw as draw
from lianyi.web.views import gatherings_engagement as engagement
from lianyi.web.views import gatherings_planning as gatherings_planning
from lianyi.web.views import gatherings_printing as gatherings_printing
from lianyi.web.views import gatherings_routes as delivery_routes
from lianyi.web.views import gatherings_seating as gatherings_seating
from lianyi.web.views import oversight_board as board
from lianyi.web.views import oversight_dashboards as dashboards
from lianyi.web.views import oversight_directory as directory
from lianyi.web.views import oversight_duties as duties
from lianyi.web.views import oversight_handover as handover

app_name = "web"

urlpatterns = [
    path("", today.today, name="today"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("customers/", customers.customer_list, name="customers"),
    path("customers/new/", customers.register, name="register"),
    path("customers/referrers/", customers.referrer_options, name="referrer_options"),
    path("customers/referrals/", referrals.referrals, name="referrals"),
    path("customers/<int:customer_id>/", customers.customer_detail, name="customer"),
    path(
        "customers/<int:customer_id>/health-notes/",
        customers.health_notes,
        name="health_notes",
    ),
    path("customers/<int:customer_id>/reassign/", customers.reassign, name="reassign"),
    path("customers/<int:customer_id>/edit/", customers.edit_details, name="edit_customer"),
    path("customers/<int:customer_id>/profile/", customers.vip_profile, name="vip_profile"),
    path(
        "customers/<int:customer_id>/withdraw-consent/",
        customers.withdraw,
        name="withdraw_consent",
    ),
    path(
        "customers/<int:customer_id>/touchpoints/<int:touchpoint_id>/correct/",
        journey.correct,
        name="correct_touchpoint",
    ),
    path(
        "customers/<int:customer_id>/record/stand/",
        journey.record_stand_note,
        name="record_stand_note",
    ),
    path(
        "customers/<int:customer_id>/record/first-call/",
        journey.record_first_call,
        name="record_first_call",
    ),
    path(
        "customers/<int:customer_id>/record/first-visit/",
        journey.record_first_visit,
        name="record_first_visit",
    ),
    path(
        "customers/<int:customer_id>/record/second-call/",
        journey.record_second_call,
        name="record_second_call",
    ),
    path(
        "customers/<int:customer_id>/record/second-visit/",
        journey.record_second_visit,
        name="record_second_visit",
    ),
    path(
        "customers/<int:customer_id>/record/referral-ask/",
        referral_asks.record,
        name="record_referral_ask",
    ),
    path("slot-check/", journey.slot_check, name="slot_check"),
    path("claims/", claims.claim_list, name="claims"),
    path("claims/<int:claim_id>/resolve/", claims.claim_resolve, name="resolve_claim"),
    path("audit/", audit.audit_log, name="audit"),
    path("more/", more.more, name="more"),
    # 管理 (administration): the organisation half; rules, stands and places sit beside it.
    path("more/password/", admin_org.own_password, name="own_password"),
    path("admin/", admin_org.home, name="admin_home"),
    path("admin/org/", admin_org.org, name="admin_org"),
    path(
        "admin/org/departments/<int:department_id>/", admin_org.department, name="admin_department"
    ),
    path("admin/org/teams/<int:team_id>/", admin_org.team, name="admin_team"),
    path("admin/users/", admin_org.user_list, name="admin_users"),
    path("admin/users/new/", admin_org.user_new, name="admin_user_new"),
    path("admin/users/<int:user_id>/", admin_org.user_detail, name="admin_user"),
    # company configuration (admin-rules); the administration home links here
    path("admin/rules/", admin_rules.company_rules, name="admin_rules"),
    path("admin/stands/", admin_stands.stand_list, name="admin_stands"),
    path("admin/stands/new/", admin_stands.stand_new, name="admin_stand_new"),
    path("admin/stands/<int:stand_id>/", admin_stands.stand_edit, name="admin_stand"),
    path(
        "admin/stands/<int:stand_id>/open/",
        admin_stands.stand_open,
        {"is_open": True},
        name="admin_stand_open",
    ),
    path(
        "admin/stands/<int:stand_id>/close/",
        admin_stands.stand_open,
        {"is_open": False},
        name="admin_stand_close",
    ),
    path("admin/places/", admin_places.place_list, name="admin_places"),
    path("admin/places/new/", admin_places.place_new, name="admin_place_new"),
    path("admin/places/<int:place_id>/", admin_places.place_edit, name="admin_place"),
    path("admin/places/<int:place_id>/merge/", admin_places.place_merge, name="admin_place_merge"),
    # catalogue (i8 catalogue): the read-only page for everyone, its administration, the
    # sales and after-sales rules beside the company's rules
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("admin/rules/sales/", admin_rules.sales_rules, name="admin_sales_rules"),
    path("admin/rules/aftercare/", admin_rules.aftercare_rules, name="admin_aftercare_rules"),
    path("admin/catalogue/products/", admin_catalogue.product_list, name="admin_products"),
    path("admin/catalogue/products/new/", admin_catalogue.product_new, name="admin_product_new"),
    path(
        "admin/catalogue/products/<int:product_id>/",
        admin_catalogue.product_edit,
        name="admin_product",
    ),
    path(
        "admin/catalogue/products/<int:product_id>/deactivate/",
        admin_catalogue.product_active,
        {"is_active": False},
        name="admin_product_deactivate",
    ),
    path(
        "admin/catalogue/products/<int:product_id>/reactivate/",
        admin_catalogue.product_active,
        {"is_active": True},
        name="admin_product_reactivate",
    ),
    path("admin/catalogue/packages/", admin_catalogue.package_list, name="admin_packages"),
    path("admin/catalogue/packages/new/", admin_catalogue.package_new, name="admin_package_new"),
    path(
        "admin/catalogue/packages/<int:package_id>/",
        admin_catalogue.package_edit,
        name="admin_package",
    ),
    path(
        "admin/catalogue/packages/<int:package_id>/deactivate/",
        admin_catalogue.package_active,
        {"is_active": False},
        name="admin_package_deactivate",
    ),
    path(
        "admin/catalogue/packages/<int:package_id>/reactivate/",
        admin_catalogue.package_active,
        {"is_active": True},
        name="admin_package_reactivate",
    ),
    path("admin/catalogue/gifts/", admin_catalogue.gift_list, name="admin_gifts"),
    path("admin/catalogue/gifts/new/", admin_catalogue.gift_new, name="admin_gift_new"),
    path("admin/catalogue/gifts/<int:gift_id>/", admin_catalogue.gift_edit, name="admin_gift"),
    path(
        "admin/catalogue/gifts/<int:gift_id>/deactivate/",
        admin_catalogue.gift_active,
        {"is_active": False},
        name="admin_gift_deactivate",
    ),
    path(
        "admin/catalogue/gifts/<int:gift_id>/reactivate/",
        admin_catalogue.gift_active,
        {"is_active": True},
        name="admin_gift_reactivate",
    ),
    path("admin/catalogue/prices/", admin_catalogue.price_list_list, name="admin_price_lists"),
    path(
        "admin/catalogue/prices/new/", admin_catalogue.price_list_new, name="admin_price_list_new"
    ),
    path(
        "admin/catalogue/prices/<int:price_list_id>/",
        admin_catalogue.price_list_detail,
        name="admin_price_list",
    ),
    path("admin/catalogue/stores/", admin_stock.store_room_list, name="admin_store_rooms"),
    path("admin/catalogue/stores/new/", admin_stock.store_room_new, name="admin_store_room_new"),
    path(
        "admin/catalogue/stores/<int:store_room_id>/",
        admin_stock.store_room_detail,
        name="admin_store_room",
    ),
    path(
        "admin/catalogue/stores/<int:store_room_id>/rename/",
        admin_stock.store_room_rename,
        name="admin_store_room_rename",
    ),
    path(
        "admin/catalogue/stores/<int:store_room_id>/receipt/",
        admin_stock.stock_receipt,
        name="admin_stock_receipt",
    ),
    path(
        "admin/catalogue/stores/<int:store_room_id>/correction/",
        admin_stock.stock_correction,
        name="admin_stock_correction",
    ),
    path("gatherings/<int:gathering_id>/draw/", draw.manage, name="draw"),
    path(
        "gatherings/<int:gathering_id>/draw/lock/", draw.step, {"action": "lock"}, name="draw_lock"
    ),
    path("gatherings/<int:gathering_id>/draw/run/", draw.run, name="draw_run"),
    path(
        "gatherings/<int:gathering_id>/draw/reveal/",
        draw.step,
        {"action": "reveal"},
        name="draw_reveal",
    ),
    path("draw/<str:commitment>/", draw.public, name="draw_public"),
    path("gatherings/<int:gathering_id>/engagement/", engagement.households, name="engagement"),
    path(
        "engagement/<int:invitation_id>/toggle/",
        engagement.toggle,
        name="engagement_toggle",
    ),
    path("team/profiles/", duties.profiles, name="profiles"),
    path("team/profiles/offer/", duties.profile_offer, name="profile_offer"),
    path("team/profiles/<int:rep_id>/<str:day>/", duties.profile_take, name="profile_take"),
    path("team/diary/", duties.diary, name="diary"),
    path("team/diary/write/<str:day>/", duties.diary_write, name="diary_write"),
    path("team/diary/<int:author_id>/", duties.diary_calendar, name="diary_calendar"),
    path("team/diary/<int:author_id>/<str:day>/", duties.diary_entry, name="diary_entry"),
    path("dashboards/", dashboards.dashboard, name="dashboard"),
    path("dashboards/customers/", dashboards.customers, name="dashboard_customers"),
    path(
        "dashboards/customers.xlsx", dashboards.customers_export, name="dashboard_customers_export"
    ),
    path("dashboards/export/<slug:key>.xlsx", dashboards.export, name="dashboard_export"),
    path("dashboards/<slug:section>/", dashboards.dashboard, name="dashboard_section"),
    path("gatherings/<int:gathering_id>/attendance/", attendance.report, name="attendance"),
    path(
        "gatherings/<int:gathering_id>/attendance.xlsx",
        attendance.export,
        name="attendance_export",
    ),
    path("scan/", checkin.choose, name="checkin"),
    path("gatherings/<int:gathering_id>/scan/", checkin.scanner, name="checkin_scanner"),
    path("gatherings/<int:gathering_id>/scan/check/", checkin.scan, name="checkin_scan"),
    path(
        "gatherings/<int:gathering_id>/scan/undo/<int:invitation_id>/<str:list_kind>/",
        checkin.undo,
        name="checkin_undo",
    ),
    path("gatherings/", gatherings_planning.gathering_list, name="gatherings"),
    path("gatherings/new/", gatherings_planning.gathering_new, name="gathering_new"),
    path("gatherings/<int:gathering_id>/", gatherings_planning.gathering_detail, name="gathering"),
    path(
        "gatherings/<int:gathering_id>/edit/",
        gatherings_planning.gathering_edit,
        name="gathering_edit",
    ),
    path(
        "gatherings/<int:gathering_id>/plan/<str:what>/",
        gatherings_planning.plan_add,
        name="gathering_plan_add",
    ),
    path(
        "gatherings/<int:gathering_id>/plan/<str:what>/<int:pk>/remove/",
        gatherings_planning.plan_remove,
        name="gathering_plan_remove",
    ),
    path(
        "gatherings/<int:gathering_id>/invitations/",
        gatherings_printing.invitation_list,
        name="gathering_invitations",
    ),
    path(
        "gatherings/<int:gathering_id>/invitations/print/",
        gatherings_printing.print_page,
        name="gathering_invitations_print",
    ),
    path(
        "gatherings/<int:gathering_id>/invitations/pdf/",
        gatherings_printing.print_pdf,
        name="gathering_invitations_pdf",
    ),
    path(
        "gatherings/<int:gathering_id>/invitations/printed/",
        gatherings_printing.printed,
        name="gathering_invitations_printed",
    ),
    path(
        "invitations/<int:invitation_id>/revoke/",
        gatherings_printing.revoke,
        name="invitation_revoke",
    ),
    path(
        "gatherings/<int:gathering_id>/seating/",
        gatherings_seating.seating,
        name="gathering_seating",
    ),
    path(
        "gatherings/<int:gathering_id>/seating/print/",
        gatherings_seating.seating_print,
        name="gathering_seating_print",
    ),
    path(
        "gatherings/<int:gathering_id>/seating/<str:who>/",
        gatherings_seating.seat,
        name="gathering_seat",
    ),
    path(
        "gatherings/<int:gathering_id>/seating/seats/<int:seat_id>/remove/",
        gatherings_seating.seat_remove,
        name="gathering_seat_remove",
    ),
    path(
        "gatherings/<int:gathering_id>/routes/",
        delivery_routes.routes,
        name="gathering_routes",
    ),
    path(
        "gatherings/<int:gathering_id>/routes/<int:plan_id>/move/",
        delivery_routes.move,
        name="gathering_route_move",
    ),
    # after-sales programme: the customer's contact preference, recording a task's contact
    path(
        "customers/<int:customer_id>/contact-preference/",
        aftercare_programme.contact_preference,
        name="contact_preference",
    ),
    path(
        "aftercare/tasks/<int:task_id>/record/",
        aftercare_programme.record_task,
        name="record_aftercare_task",
    ),
    # returns and who to call back first (slice "returns")
    path("orders/<int:order_id>/return/", returns.return_form, name="order_return"),
    path("orders/<int:order_id>/return/case/", returns.return_case, name="return_case"),
    path("returns/<int:return_id>/receipt/", returns.return_receipt, name="return_receipt"),
    path("call-first/", call_first.call_first, name="call_first"),
    # 订单 (orders): the order form, the order page with payments and cancelling, the receipt
    path("customers/<int:customer_id>/orders/new/", orders.order_new, name="order_new"),
    path("orders/<int:order_id>/", orders.order_detail, name="order"),
    path("orders/<int:order_id>/payments/", orders.order_payment, name="order_payment"),
    path("orders/<int:order_id>/cancel/", orders.order_cancel, name="order_cancel"),
    path("orders/<int:order_id>/receipt/", orders.receipt_page, name="order_receipt"),
    path("orders/<int:order_id>/receipt.pdf", orders.receipt_pdf, name="order_receipt_pdf"),
    path("jobs/<int:job_id>/", jobs.job_page, name="job"),
    path("jobs/<int:job_id>/progress/", jobs.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/file/", jobs.download, name="job_file"),
    # 工单 (cases) and after-sales contacts (issue 8, items 6 and 7)
    path("cases/", cases_views.case_list, name="cases"),
    path("cases/<int:case_id>/", cases_views.case_detail, name="case"),
    path("cases/<int:case_id>/note/", cases_views.case_note, name="case_note"),
    path("cases/<int:case_id>/hand-up/", cases_views.case_hand_up, name="case_hand_up"),
    path("cases/<int:case_id>/resolve/", cases_views.case_resolve, name="case_resolve"),
    path("cases/<int:case_id>/close/", cases_views.case_close, name="case_close"),
    path(
        "customers/<int:customer_id>/cases/new/", cases_views.open_customer_case, name="open_case"
    ),
    path(
        "customers/<int:customer_id>/aftercare-contact/",
        cases_views.record_aftercare_contact,
        name="record_aftercare_contact",
    ),
    # confirmation calls (回访确认) and delivery (送货上门): issue 8, items 3 and 4
    path("confirmation-calls/", confirmation_calls.queue, name="confirmation_calls"),
    path(
        "orders/<int:order_id>/confirmation-call/",
        confirmation_calls.call,
        name="confirmation_call",
    ),
    path("deliveries/", deliveries.awaiting, name="deliveries"),
    path("orders/<int:order_id>/delivery/", deliveries.deliver, name="deliver"),
    # the handover of a leaving rep (交接): issue 9, item 6
    path("team/handover/", handover.reps, name="handover"),
    path("team/handover/<int:rep_id>/", handover.rep_page, name="handover_rep"),
    path("team/handover/<int:rep_id>/confirm/", handover.confirm, name="handover_confirm"),
    path("team/handover/<int:rep_id>/deactivate/", handover.deactivate, name="handover_deactivate"),
    # 团队看板 (issue 9, item 1): the board, a department's and a team's, the list behind a number
    path("team/", board.board, name="team_board"),
    path("team/departments/<int:department_id>/", board.department, name="team_department"),
    path("team/teams/<int:team_id>/", board.team, name="team_team"),
    path("team/all/<str:figure>/", board.items, name="team_items_all"),
    path("team/<str:level>/<int:node_id>/<str:figure>/", board.items, name="team_items"),
    # the existing-customer directory (老顾客资料): issue 9, item 4
    path("team/directory/", directory.directory, name="directory"),
    path(
        "team/directory/export.xlsx",
        directory.export,
        {"file_format": "xlsx"},
        name="directory_xlsx",
    ),
    path(
        "team/directory/export.pdf", directory.export, {"file_format": "pdf"}, name="directory_pdf"
    ),
]
