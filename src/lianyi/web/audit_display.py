"""How the audit log reads to a person: a label in the reader's language for each dotted action
code (the one place; a test checks that every action written in ``src/`` has one), field names
by their model's verbose name, and old and new values readable (times in the company's zone,
choices by their label, yes/no, "—" for nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CUSTOMER_TYPE = "customers.customer"

ACTION_LABELS: dict[str, Promise] = {
    # aftercare: contacts and cases
    "aftercare.contact.recorded": _("记录售后联系"),
    "aftercare.programme.started": _("生成售后计划"),
    "aftercare.preference.set": _("设置客户联系偏好"),
    "aftercare.tasks.dropped_for_consent": _("客户撤回同意，取消售后任务"),
    "aftercare.case.opened": _("创建工单"),
    "aftercare.case.note_added": _("添加工单处理记录"),
    "aftercare.case.handed_up": _("工单主动上报"),
    "aftercare.case.escalated": _("工单超时升级"),
    "aftercare.case.resolved": _("提出工单处理结果"),
    "aftercare.case.closed": _("工单客户确认结案"),
    "aftercare.delivery.recorded": _("送货上门"),
    "sales.confirmation.recorded": _("回访确认"),
    # sales
    "sales.product.created": _("新增商品"),
    "sales.package.created": _("新增套餐"),
    "sales.gift.created": _("新增赠品"),
    "sales.price_list.created": _("新增价目表"),
    "sales.store_room.created": _("新增库房"),
    "sales.stock.receipt": _("入库"),
    "sales.stock.correction": _("盘点更正"),
    "sales.stock.reservation": _("订单预留库存"),
    "sales.stock.release": _("取消订单释放库存"),
    "sales.stock.return": _("退货入库"),
    "sales.order.placed": _("下单"),
    "sales.order.cancelled": _("取消订单"),
    "sales.payment.recorded": _("收款"),
    "sales.product.updated": _("修改商品"),
    "sales.product.deactivated": _("商品停售"),
    "sales.product.reactivated": _("商品恢复在售"),
    "sales.package.updated": _("修改套餐"),
    "sales.package.deactivated": _("套餐停售"),
    "sales.package.reactivated": _("套餐恢复在售"),
    "sales.gift.updated": _("修改赠品"),
    "sales.gift.deactivated": _("赠品停送"),
    "sales.gift.reactivated": _("赠品恢复"),
    "sales.store_room.renamed": _("库房改名"),
    "sales.rules.updated": _("修改销售规则"),
    "aftercare.rules.updated": _("修改售后规则"),
    "sales.return.recorded": _("登记退货"),
    # customers
    "customers.customer.registered": _("登记客户"),
    "customers.customer.reassigned": _("转给其他专员"),
    "customers.customer.details_changed": _("修改客户资料"),
    "customers.vip_profile.created": _("填写贵宾档案"),
    "customers.vip_profile.updated": _("更新贵宾档案"),
    "customers.consent.withdrawn": _("撤回同意"),
    "customers.health_note.written": _("写健康备注"),
    "customers.health_notes.read": _("查看健康备注"),
    "customers.claim.opened": _("提出撞单"),
    "customers.claim.resolved": _("处理撞单"),
    "customers.landline.set_aside": _("座机号搁置"),
    "customers.stand.created": _("新建数据收集点"),
    "customers.stand.updated": _("修改数据收集点"),
    "customers.stand.opened": _("开放数据收集点"),
    "customers.stand.closed": _("关闭数据收集点"),
    "customers.place.created": _("新建小区或单位"),
    "customers.place.updated": _("修改小区或单位"),
    "customers.place.merged": _("合并小区或单位"),
    # journey
    "journey.touchpoint.corrected": _("更正联系记录"),
    "journey.stand_note.recorded": _("记录现场沟通"),
    "journey.first_call.recorded": _("记录第一次电话"),
    "journey.first_visit.recorded": _("记录第一次家访"),
    "journey.second_call.recorded": _("记录第二次电话"),
    "journey.second_visit.recorded": _("记录第二次家访"),
    "journey.referral_ask.recorded": _("记录询问转介绍"),
    "journey.round.opened": _("联谊会结束，进入下一轮邀请"),
    # gatherings
    "gatherings.gathering.created": _("安排联谊会"),
    "gatherings.gathering.updated": _("修改联谊会"),
    "gatherings.programme.added": _("添加节目"),
    "gatherings.programme.removed": _("删除节目"),
    "gatherings.staff.assigned": _("安排工作人员"),
    "gatherings.staff.removed": _("移除工作人员"),
    "gatherings.bus.added": _("添加班车"),
    "gatherings.bus.removed": _("删除班车"),
    "gatherings.stop.added": _("添加上车点"),
    "gatherings.stop.removed": _("删除上车点"),
    "gatherings.table.added": _("添加桌位"),
    "gatherings.table.removed": _("删除桌位"),
    "gatherings.tables.added": _("批量添加桌位"),
    "gatherings.bus.assigned_by_compound": _("按小区安排乘车"),
    "gatherings.invitation.issued": _("发出邀请函"),
    "gatherings.invitation.printed": _("打印邀请函"),
    "gatherings.invitation.delivered": _("送达邀请函"),
    "gatherings.invitation.revoked": _("作废邀请函"),
    "gatherings.invitation.bus_assigned": _("安排乘车"),
    "gatherings.invitation.admitted": _("签到"),
    "gatherings.invitations.pdf_requested": _("申请打印邀请函 PDF"),
    "gatherings.check_in.undone": _("撤销签到"),
    "gatherings.routes.plan_requested": _("申请规划送函路线"),
    "gatherings.routes.planned": _("规划送函路线"),
    "gatherings.routes.move_requested": _("申请改派送函站点"),
    "gatherings.routes.stop_moved": _("改派送函站点"),
    "gatherings.seat.household_seated": _("安排家庭入座"),
    "gatherings.seat.existing_customer_seated": _("安排老顾客入座"),
    "gatherings.seat.removed": pgettext_lazy("audit", "取消入座"),
    "gatherings.engagement.set": _("记录现场表现"),
    "gatherings.draw.published": _("公布抽奖规则"),
    "gatherings.draw.locked": _("锁定抽奖"),
    "gatherings.draw.run": _("抽奖"),
    "gatherings.draw.revealed": _("公开抽奖种子"),
    "gatherings.attendance.exported": _("导出到场对比"),
    # oversight: the supervisor's duties
    "oversight.daily_profile.offered": _("提交每日贵宾档案"),
    "oversight.daily_profile.taken": _("收取每日贵宾档案"),
    "oversight.diary.written": _("写工作日志"),
    "oversight.diary.edited": _("修改工作日志"),
    "oversight.dashboard.exported": _("导出看板表格"),
    "oversight.dashboard.customers_exported": _("导出看板客户名单"),
    "oversight.directory.exported": _("导出老顾客资料"),
    # org
    "org.company.created": _("创建公司"),
    "org.company.rules_updated": _("修改公司规则"),
    "org.department.created": _("新建部门"),
    "org.department.renamed": _("部门改名"),
    "org.department.deleted": _("删除部门"),
    "org.team.created": _("新建小组"),
    "org.team.renamed": _("小组改名"),
    "org.team.deleted": _("删除小组"),
    "org.user.created": _("新建用户"),
    "org.user.updated": _("修改用户"),
    "org.user.deactivated": _("停用用户"),
    "org.user.reactivated": _("重新启用用户"),
    "org.user.password_reset": _("重设密码"),
    "org.user.password_changed": _("修改自己的密码"),
    "org.user.login_unlocked": _("解除登录锁定"),
    "org.login.locked_out": _("登录被锁定"),
    "org.api_token.issued": _("发放 API 令牌"),
    "org.api_token.revoked": _("吊销 API 令牌"),
    # oversight: the handover of a leaving rep
    "oversight.handover.customer_moved": _("交接：客户转给其他专员"),
    "oversight.handover.confirmed": _("确认专员交接"),
    "oversight.handover.rep_deactivated": _("交接：停用离职专员"),
    # demo
    "demo.loaded": _("载入演示公司"),
    "demo.generated": _("生成测试数据"),
}


def action_label(code: str) -> str:
    """The action's label; an unknown code (an entry older than its label) shows as itself."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def action_choices() -> list[tuple[str, str]]:
    """The actions to filter by, by area and then label, for a select."""
    return sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=_area_first)


def _area_first(choice: tuple[str, str]) -> tuple[str, str]:
    return (choice[0].split(".")[0], choice[1])


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def readable_changes(entries: list[Any], tz: ZoneInfo) -> dict[int, list[Change]]:
    """Each entry's ``{field: [old, new]}`` as labels and values a person reads, by entry id.
    A related record (an owner) is named, looked up once per kind for the whole page."""
    parsed: list[tuple[int, str, Any, Any, Any]] = []
    wanted: dict[type[models.Model], set[Any]] = {}
    customer_model = _model(CUSTOMER_TYPE)
    for entry in entries:
        model = _model(entry.object_type)
        # A touchpoint's entry lists the customer fields the touchpoint moved (step, due time).
        about_customer = isinstance(entry.data, dict) and "customer" in entry.data
        for name, pair in (entry.changes or {}).items():
            old, new = _pair(pair)
            field = _field(model, name) or (
                _field(customer_model, name) if about_customer else None
            )
            parsed.append((entry.pk, name, field, old, new))
            if field is not None and field.many_to_one and field.related_model is not None:
                wanted.setdefault(field.related_model, set()).update(
                    v for v in (old, new) if isinstance(v, int | str) and v != ""
                )
    names = {
        (related, obj.pk): str(obj)
        for related, pks in wanted.items()
        for obj in related._default_manager.filter(pk__in=pks)
    }
    rows: dict[int, list[Change]] = {entry.pk: [] for entry in entries}
    for entry_id, name, field, old, new in parsed:
        label = str(field.verbose_name) if field is not None else name
        rows[entry_id].append(
            Change(label, _value(old, field, tz, names), _value(new, field, tz, names))
        )
    return rows


def _pair(pair: Any) -> tuple[Any, Any]:
    if isinstance(pair, list | tuple) and len(pair) == 2:
        return pair[0], pair[1]
    return None, pair


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(value: Any, field: Any, tz: ZoneInfo, names: dict[Any, str] | None = None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("是")) if value else str(_("否"))
    if isinstance(value, list | tuple):
        return ", ".join(_value(v, field, tz, names) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v, None, tz)}" for k, v in value.items()) or "—"
    if field is not None and getattr(field, "many_to_one", False) and names is not None:
        return names.get((field.related_model, value), str(value))
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = moment.astimezone(tz)
        return moment.strftime("%Y-%m-%d %H:%M")
    return str(value)
