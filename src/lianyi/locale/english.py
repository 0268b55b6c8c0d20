# ruff: noqa: E501 -- the keys are the Chinese msgids verbatim and cannot be wrapped.
"""The English catalogue, written by hand: Chinese msgid -> English msgstr.

This dict is the source of truth for ``en/LC_MESSAGES/django.po``; ``python -m
lianyi.locale.catalogue`` copies it into the .po after ``make messages``. A plural entry maps
the singular msgid to a tuple of the English forms (singular, plural).

Terms: 服务专员 rep · 主管 supervisor · 部门经理 department manager · 客户服务部 customer
service · 联谊会 gathering · 邀请函 invitation · 家访 home visit · 撞单 duplicate claim ·
小区 residential compound · 单位 work unit · 贵宾档案表 VIP profile form · 数据收集点
data-collection stand · 免打扰时段 quiet hours · 转介绍 referral · 老顾客 existing customer.
"""

from __future__ import annotations

ENGLISH: dict[str, str | tuple[str, ...]] = {
    # Settings and languages
    "简体中文": "Simplified Chinese",
    "English": "English",
    # API errors
    "时间需带时区，例如 2026-03-01T15:00:00+08:00。": (
        "Times need a time zone, e.g. 2026-03-01T15:00:00+08:00."
    ),
    "请求数据有误，请检查：%(fields)s。": "The request has invalid data; please check: %(fields)s.",
    "请先登录，或提供有效的 API 令牌。": "Please log in or provide a valid API token.",
    "请求内容不是有效的 JSON。": "The request body is not valid JSON.",
    "CSRF 校验失败，请刷新页面后重试。": "CSRF check failed. Please reload the page and try again.",
    "请求无法处理。": "The request could not be processed.",
    "服务器出错了，请稍后再试。": "Something went wrong on the server. Please try again later.",
    "没有这个接口。": "No such endpoint.",
    # Core
    "找不到该记录。": "Record not found.",
    "操作人": "By",
    "时间": "Time",
    "操作": "Action",
    "对象类型": "Object type",
    "对象编号": "Object ID",
    "对象": "Object",
    "变更字段": "Changes",
    "附加信息": "Details",
    "审计记录": "Audit entry",
    "%(label)s不能超过 %(max)s 个字符（现在 %(length)s 个）。": (
        "%(label)s cannot be longer than %(max)s characters (it has %(length)s)."
    ),
    "请填写%(label)s。": "%(label)s is required.",
    "时间不能晚于现在。": "The time cannot be in the future.",
    # Customers: places and stands
    "小区": "Residential compound",
    "单位": "Work unit",
    "类型": "Type",
    "区": "District",
    "名称": "Name",
    "纬度": "Latitude",
    "经度": "Longitude",
    "小区/单位": "Compound / work unit",
    "地点": "Location",
    "日期": "Date",
    "数据收集点": "Data-collection stand",
    # Customers: the customer
    "女": "Female",
    "男": "Male",
    "老顾客转介绍": "Referral by an existing customer",
    "归属专员": "Owner (rep)",
    "姓名": "Name",
    "性别": "Sex",
    "出生年份": "Year of birth",
    "手机": "Mobile",
    "座机": "Landline",
    "楼栋门牌": "Building and flat",
    "同伴姓名": "Companion's name",
    "来源": "Source",
    "介绍人": "Referred by",
    "同意联系": "Agrees to be contacted",
    "同意记录健康备注": "Agrees to health notes",
    "要求不再联系": "Asked not to be contacted",
    "当前步骤": "Current step",
    "下一步": "Next step",
    "应办时间": "Due",
    "最迟": "Due by",
    "最近联系": "Last contact",
    "登记时间": "Registered at",
    "客户": "Customers",
    # Customers: consent and health notes
    "电话与上门联系": "Contact by phone and home visits",
    "保存个人资料": "Keeping personal details",
    "记录健康备注（单独同意）": "Recording health notes (separate consent)",
    "同意事项": "Consent item",
    "告知书版本": "Notice version",
    "同意时间": "Consented at",
    "撤回时间": "Withdrawn at",
    "同意记录": "Consent records",
    "检测备注": "Check-up notes",
    "记录时间": "Written at",
    # Customers: duplicate claims
    "待处理": "Open",
    "保留原归属": "Keep with current owner",
    "已转给申请人": "Transferred to claimant",
    "登记姓名": "Registered name",
    "状态": "Status",
    "提出时间": "Raised at",
    "处理时间": "Resolved at",
    "处理说明": "Resolution note",
    "撞单": "Duplicate claims",
    # Customers: names, phones, services
    "%(surname)s阿姨": "Mrs %(surname)s",
    "%(surname)s叔叔": "Mr %(surname)s",
    "“%(raw)s”不是有效的中国手机号或座机号。": (
        "“%(raw)s” is not a valid Chinese mobile or landline number."
    ),
    "出生年份应在 1900 到 %(year)s 之间。": "Year of birth must be between 1900 and %(year)s.",
    "只能把客户登记给您所管理的专员。": "You can only register customers for reps you supervise.",
    "请选择性别。": "Please choose a sex.",
    "请填写手机号或座机号。": "Please enter a mobile or landline number.",
    "登记前需客户同意：电话与上门联系、保存个人资料。": (
        "Before registering, the customer must agree to contact by phone and home visits "
        "and to keeping personal details."
    ),
    "找不到该介绍人。": "Referrer not found.",
    "请选择数据收集点，或填写介绍人。": "Please choose a data-collection stand or a referrer.",
    "该号码已是您的客户“%(name)s”。": "This number already belongs to your customer “%(name)s”.",
    "该号码已由其他专员登记，已提交主管处理。": (
        "Another rep has already registered this number; it has been sent to a supervisor."
    ),
    "该撞单已处理。": "This duplicate claim has already been resolved.",
    "原因": "Reason",
    "只能转给您所管理的专员。": "You can only transfer to reps you supervise.",
    "客户仍在原专员的保护期内（至 %(date)s），暂不能转出。": (
        "The customer is still in the current rep's protection period (until %(date)s) "
        "and cannot be transferred yet."
    ),
    "客户未单独同意记录健康备注，不能保存检测备注。": (
        "The customer has not separately agreed to health notes; check-up notes cannot be saved."
    ),
    # Demo commands
    "网址：%(url)s": "Address: %(url)s",
    "还没有演示数据：先运行 manage.py load_demo。": "No demo data yet: run manage.py load_demo first.",
    "演示账号（密码都是 %(password)s）：": "Demo accounts (password for all: %(password)s):",
    "演示数据已存在（%(customers)s 位客户，%(touchpoints)s 条联系记录），未做改动。": (
        "Demo data already exists (%(customers)s customers, %(touchpoints)s contacts); "
        "nothing changed."
    ),
    "已载入演示公司：%(customers)s 位客户，%(touchpoints)s 条联系记录（用时 %(seconds).1f 秒）。": (
        "Demo company loaded: %(customers)s customers, %(touchpoints)s contacts (%(seconds).1f s)."
    ),
    # Gatherings and invitations
    "开始时间": "Starts at",
    "场地": "Venue",
    "容纳人数": "Capacity",
    "联谊会": "Gathering",
    "已开具": "Issued",
    "已送达": "Delivered",
    "已作废": "Cancelled",
    "受邀人": "Guests",
    "送函时段开始": "Delivery slot start",
    "送函时段结束": "Delivery slot end",
    "开具时间": "Issued at",
    "送达时间": "Delivered at",
    "邀请函": "Invitation",
    "没有可邀请的联谊会，请先安排一场。": (
        "There is no gathering to invite to. Please schedule one first."
    ),
    "邀请函写明 1 至 2 位受邀人：客户本人和一位同伴。": (
        "An invitation names 1 or 2 guests: the customer and one companion."
    ),
    "送函时间必须在联谊会开始之前。": "The invitation must be delivered before the gathering starts.",
    "该客户已有这场联谊会的邀请函。": "This customer already has an invitation to this gathering.",
    "该邀请函不能再送达（当前状态：%(state)s）。": (
        "This invitation can no longer be delivered (status: %(state)s)."
    ),
    # Journey: touchpoints
    "记录人": "Recorded by",
    "时长（分钟）": "Duration (minutes)",
    "结果": "Outcome",
    "记录": "Notes",
    "再次记录原因": "Reason for recording again",
    "约定开始": "Agreed start",
    "约定结束": "Agreed end",
    "已填贵宾档案": "VIP profile form filled in",
    "接受邀请": "Accepted the invitation",
    "联系记录": "Contacts",
    # Journey: rules and services
    "客户已撤回同意或要求不再联系，不能记录新的联系。": (
        "The customer has withdrawn consent or asked not to be contacted; "
        "no new contact can be recorded."
    ),
    "客户当前处于“%(current)s”，请先完成这一步。": (
        "The customer is at “%(current)s”. Please complete that step first."
    ),
    "请填写约定的时间段。": "Please enter the agreed time slot.",
    "时间段的结束应晚于开始，且不超过 4 小时。": (
        "The slot must end after it starts and last no more than 4 hours."
    ),
    "约定的时间已经过去。": "The agreed time has already passed.",
    "该时间段在免打扰时间内（早餐、午休、新闻联播时段，或 %(start)s 前、%(end)s 后）。": (
        "This slot falls in quiet hours (breakfast, the midday rest, the evening news, "
        "or before %(start)s or after %(end)s)."
    ),
    "请填写 1 到 600 之间的时长（分钟）。": "Please enter a duration between 1 and 600 minutes.",
    "位置信息无效。": "The location is invalid.",
    "时间需带时区。": "Times need a time zone.",
    "这一步已经记录过；再次记录电话请写明原因（例如上次未接通）。": (
        "This step is already recorded; to record the call again, give a reason "
        "(e.g. no answer last time)."
    ),
    "这一步已经记录过，不能重复记录。": "This step is already recorded and cannot be recorded again.",
    "请选择通话结果。": "Please choose the call outcome.",
    "转介绍客户没有现场沟通这一步。": "Referred customers have no stand step.",
    "请选择检测台或登记台。": "Please choose the check-up desk or the registration desk.",
    "第一次电话只做预热，不发出邀请。": (
        "The first call is only to get acquainted; no invitation is made."
    ),
    "这次家访已经记录过，不能重复记录。": (
        "This home visit is already recorded and cannot be recorded again."
    ),
    "第二次电话应在第一次家访后 %(min)s 至 %(max)s 天内打，最早 %(date)s。": (
        "The second call is due %(min)s to %(max)s days after the first home visit, "
        "from %(date)s at the earliest."
    ),
    "请选择客户是否接受邀请。": "Please choose whether the customer accepts the invitation.",
    "第二次家访记录的是亲手送达邀请函；未送达请先打电话另约时间。": (
        "The second home visit records handing over the invitation in person; "
        "if it was not delivered, call first to agree on a new time."
    ),
    "客户没有待送达的邀请函。": "The customer has no invitation waiting to be delivered.",
    # Journey: steps, kinds, next actions, outcomes
    "现场沟通": "At the stand",
    "第一次电话·预热": "First call · getting acquainted",
    "第一次家访·了解": "First home visit · getting to know",
    "第二次电话·邀请": "Second call · invitation",
    "第二次家访·送函": "Second home visit · invitation delivery",
    "待参加联谊会": "Awaiting the gathering",
    "现场沟通·检测台": "At the stand · check-up desk",
    "现场沟通·登记台": "At the stand · registration desk",
    "打第一次电话": "First call",
    "第一次家访": "First home visit",
    "打第二次电话（邀请）": "Second call (invitation)",
    "第二次家访（送邀请函）": "Second home visit (deliver invitation)",
    "接通，已约定": "Answered, agreed",
    "未接通": "No answer",
    "接通，约好再联系": "Answered, call back later",
    "接通，婉拒": "Answered, declined",
    # Org
    "您没有执行此操作的权限。": "You do not have permission to do this.",
    "公司名称": "Company name",
    "时区": "Time zone",
    "最早联系时间": "Earliest contact time",
    "最晚联系时间": "Latest contact time",
    "免打扰时段": "Quiet hours",
    "客户保护期（天）": "Customer protection period (days)",
    "二次电话最早（天）": "Second call earliest (days)",
    "二次电话最迟（天）": "Second call latest (days)",
    "首次电话期限（天）": "First call deadline (days)",
    "公司": "Company",
    "部门名称": "Department name",
    "部门": "Department",
    "小组名称": "Team name",
    "小组": "Team",
    "服务专员": "Rep",
    "主管": "Supervisor",
    "部门经理": "Department manager",
    "客户服务部": "Customer service",
    "会务人员": "Event staff",
    "管理员": "Administrator",
    "角色": "Role",
    "用户": "User",
    "API 令牌": "API token",
    # Web forms
    "处理": "Decision",
    "转给申请人": "Transfer to claimant",
    "搜索": "Search",
    "手机或座机，例如 138 0013 8000。": "Mobile or landline, e.g. 138 0013 8000.",
    "例如老伴，邀请函上的第二位受邀人。": (
        "E.g. the spouse: the second guest named on the invitation."
    ),
    "客户同意（必选）": "Customer consent (required)",
    "同意记录健康备注（单独同意，可不选）": ("Agrees to health notes (separate consent, optional)"),
    "登记台沟通记录": "Registration desk notes",
    "登记台记录": "Registration desk notes",
    "请选择": "Please choose",
    "转给": "Transfer to",
    "请选择专员": "Please choose a rep",
    "发生时间": "When",
    "不填即为现在。": "Leave empty for now.",
    "详细记录谈了什么、约定了什么。": "Note in detail what was discussed and agreed.",
    "这一步已记录过时填写，例如：上次未接通。": (
        "Fill in if this step was already recorded, e.g. no answer last time."
    ),
    "开始": "Start",
    "结束": "End",
    "请选择日期。": "Please choose a date.",
    "通话结果": "Call outcome",
    "台位": "Desk",
    "检测台": "Check-up desk",
    "登记台": "Registration desk",
    "第一次家访一般 40–50 分钟。": "A first home visit usually takes 40–50 minutes.",
    "已一起填好贵宾档案表": "Filled in the VIP profile form together",
    "未回答": "No answer yet",
    "接受": "Accepts",
    "不接受": "Declines",
    "是否接受邀请": "Accepts the invitation?",
    "受邀人（客户本人）": "Guest (the customer)",
    "受邀人（同伴）": "Guest (companion)",
    "已亲手送达邀请函": "Handed over the invitation in person",
    # Pages: 404 and frame
    "找不到该页面": "Page not found",
    "联谊": "Lianyi",
    "找不到": "Not found",
    "找不到该记录或页面": "Record or page not found",
    "它可能不存在，或不在您的权限范围内。": (
        "It may not exist, or it is outside what you are allowed to see."
    ),
    "回到今日": "Back to Today",
    "退出": "Log out",
    "语言": "Language",
    "切换": "Switch",
    "主导航": "Main navigation",
    "今日": "Today",
    "登记": "Register",
    "更多": "More",
    # Pages: audit log
    "审计日志": "Audit log",
    "按操作名筛选，可只写开头，例如 customers. 或 journey.first_call。": (
        "Filter by action name; the beginning is enough, e.g. customers. or journey.first_call."
    ),
    "筛选": "Filter",
    "分页": "Pages",
    "较新": "Newer",
    "第 %(number)s / %(total)s 页": "Page %(number)s of %(total)s",
    "较早": "Older",
    "没有审计记录。": "No audit entries.",
    # Pages: duplicate claims
    "撞单处理": "Duplicate claims",
    "同一手机号被两位专员登记。保留：客户留在原专员名下；转给申请人：客户归申请登记的专员。": (
        "Two reps registered the same mobile number. Keep: the customer stays with the "
        "current rep. Transfer to claimant: the customer goes to the rep who registered "
        "them second."
    ),
    "原归属": "Current owner",
    "申请人": "Claimant",
    "确认：保留在 %(rep)s 名下": "Confirm: keep with %(rep)s",
    "确认：转给 %(rep)s": "Confirm: transfer to %(rep)s",
    "没有待处理的撞单。": "No open duplicate claims.",
    # Pages: customers
    "拨打": "Call",
    "逾期": "Overdue",
    "下一步：<strong>%(action)s</strong>": "Next: <strong>%(action)s</strong>",
    "没有检测备注。": "No check-up notes.",
    "选择介绍人": "Choose the referrer",
    "没有找到“%(query)s”。": "Nothing found for “%(query)s”.",
    "不再联系": "Do not contact",
    "没有找到与“%(query)s”相符的客户。": "No customers match “%(query)s”.",
    "还没有客户。在数据收集点登记第一位客户吧。": (
        "No customers yet. Register your first one at a data-collection stand."
    ),
    "客户已撤回同意或要求不再联系：不在日程中，也不能记录新的联系。": (
        "The customer has withdrawn consent or asked not to be contacted: they are off the "
        "agenda and no new contact can be recorded."
    ),
    "记录现场沟通": "Record stand talk",
    "记录%(action)s": "Record: %(action)s",
    "资料": "Profile",
    "%(name)s（%(sex)s，%(year)s）": "%(name)s (%(sex)s, born %(year)s)",
    "%(name)s（%(sex)s）": "%(name)s (%(sex)s)",
    "同伴": "Companion",
    "同意": "Consent",
    "已撤回同意": "Consent withdrawn",
    "同意健康备注": "Agrees to health notes",
    "未同意健康备注": "No consent to health notes",
    "查看检测备注": "Show check-up notes",
    "检测备注属于健康信息，每次查看都会记入审计日志。": (
        "Check-up notes are health information; every viewing is written to the audit log."
    ),
    "记录人：%(by)s": "Recorded by %(by)s",
    "%(minutes)s 分钟": "%(minutes)s min",
    "未接受邀请": "Did not accept the invitation",
    "约定时间：%(start)s–%(end)s": "Agreed time: %(start)s–%(end)s",
    "、": ", ",
    "邀请函：%(gathering)s": "Invitation: %(gathering)s",
    "再次记录原因：%(reason)s": "Reason for recording again: %(reason)s",
    "检测备注单独保存，不在此显示。": "Check-up notes are kept separately and not shown here.",
    "已记录位置": "Location recorded",
    "还没有联系记录。": "No contacts yet.",
    "转给其他专员": "Transfer to another rep",
    "原专员的保护期至 %(date)s（最近一次联系后 %(days)s 天内不能转出）。": (
        "The current rep's protection period runs until %(date)s (no transfer within "
        "%(days)s days of the last contact)."
    ),
    "确认转出": "Confirm transfer",
    "客户撤回同意 / 要求不再联系": "Customer withdraws consent / asks not to be contacted",
    "确认后，这位客户不再出现在日程里，也不能再记录电话或家访。此操作会记入审计日志。": (
        "Once confirmed, this customer leaves the agenda and no more calls or home visits "
        "can be recorded. This is written to the audit log."
    ),
    "确认：不再联系": "Confirm: do not contact",
    "搜索客户": "Search customers",
    "姓名、拼音、首字母、手机或后 4 位": "Name, pinyin, initials, mobile or its last 4 digits",
    "登记新客户": "Register a new customer",
    "登记客户": "Register a customer",
    "打开这位客户": "Open this customer",
    "数据收集点登记": "Registered at a data-collection stand",
    "介绍人（搜索您的客户）": "Referrer (search your customers)",
    "姓名、拼音或手机后 4 位": "Name, pinyin or last 4 digits of the mobile",
    "选“老顾客转介绍”时必填；客户直接从第一次电话开始。": (
        "Required for “Referral by an existing customer”; the customer starts at the first call."
    ),
    "客户同意": "Customer consent",
    "健康备注属于敏感信息，须客户单独同意；不同意也可以登记。": (
        "Health notes are sensitive and need the customer's separate consent; "
        "registration works without it."
    ),
    # Pages: recording the journey
    "返回客户页": "Back to the customer",
    "介绍自己和公司、说明号码来源，建立信任；提供资料和贵宾档案表，约第一次家访。第一次电话不发邀请。": (
        "Introduce yourself and the company, say where the number came from, and build "
        "trust; offer information and the VIP profile form, and arrange the first home "
        "visit. No invitation on the first call."
    ),
    "约定家访时间": "Agreed home visit time",
    "给客户两个时间选择，例如下午 3 点或 6 点。": "Offer the customer two times, e.g. 3 pm or 6 pm.",
    "保存": "Save",
    "先回顾电话里谈过的内容；一起填贵宾档案表，多听客户说。": (
        "Start with what you talked about on the phone; fill in the VIP profile form "
        "together, and listen more than you talk."
    ),
    "已附上当前位置。": "Current location attached.",
    "邀请客户和同伴参加联谊会（两个座位，邀请函写明姓名），约好送邀请函的时间。": (
        "Invite the customer and a companion to the gathering (two seats, names on the "
        "invitation), and agree on a time to deliver the invitation."
    ),
    "目前没有安排联谊会，暂时不能发出邀请。": (
        "No gathering is scheduled, so no invitation can be made yet."
    ),
    "约定送函时间": "Agreed delivery time",
    "约定送函：%(start)s–%(end)s": "Delivery slot: %(start)s–%(end)s",
    "出发前先打电话；如不能按时到，请打电话致歉并另约时间。": (
        "Call before you set off; if you cannot make it on time, call to apologise and "
        "agree on a new time."
    ),
    "已记录": "Recorded",
    "检测备注是健康信息：只有客户单独同意后才能填写，只有归属专员和主管能查看，每次查看都记入审计日志。": (
        "Check-up notes are health information: they can be written only with the "
        "customer's separate consent, only the owner rep and their supervisor can see "
        "them, and every viewing is written to the audit log."
    ),
    "客户未单独同意记录健康备注，可以只记录沟通过，不填备注。": (
        "The customer has not separately agreed to health notes: you can record the talk "
        "without notes."
    ),
    "保存检测台记录": "Save check-up desk record",
    "保存登记台记录": "Save registration desk record",
    # Pages: more, today, login
    "账号": "Account",
    "用户名": "Username",
    "退出登录": "Log out",
    "现在是免打扰时间（早餐、午休或新闻联播时段，或太早太晚），请不要打电话或上门。下次可联系：%(time)s。": (
        "It is quiet hours now (breakfast, the midday rest, the evening news, or too early "
        "or late): please do not call or visit. Next possible contact: %(time)s."
    ),
    "今天要做": "To do today",
    "今天没有到期的电话或家访。可以去客户列表看看，或登记新客户。": (
        "No calls or home visits due today. Look through your customers, or register a new one."
    ),
    "接下来 7 天": "Next 7 days",
    "接下来 7 天没有安排。": "Nothing planned for the next 7 days.",
    "%(day)s 要做": "To do on %(day)s",
    "← 回到今天": "← Back to today",
    "这一天还没有安排。": "Nothing planned for this day yet.",
    "%(counter)s 项": ("%(counter)s item", "%(counter)s items"),
    "显示更多（已显示 %(shown)s / 共 %(total)s 项）": "Show more (%(shown)s of %(total)s shown)",
    "登录": "Log in",
    "密码": "Password",
    # Views: flash messages and page titles
    "请选择保留或转给申请人。": "Please choose keep or transfer to claimant.",
    "已把“%(name)s”转给 %(rep)s。": "Transferred “%(name)s” to %(rep)s.",
    "“%(name)s”保留在 %(rep)s 名下。": "“%(name)s” stays with %(rep)s.",
    "已登记客户“%(name)s”。": "Registered customer “%(name)s”.",
    "转介绍客户没有现场沟通，不能填写登记台记录。": (
        "Referred customers have no stand talk, so registration desk notes cannot be filled in."
    ),
    "请搜索并选择介绍人。": "Please search for and choose the referrer.",
    "已把客户转给 %(owner)s。": "Customer transferred to %(owner)s.",
    "已记录：%(name)s撤回同意，今后不再联系。": (
        "Recorded: %(name)s withdrew consent and will not be contacted again."
    ),
    "现场沟通记录": "Stand notes",
    "已保存现场沟通记录。": "Stand notes saved.",
    "已记录第一次电话。": "First call recorded.",
    "已记录第一次家访。": "First home visit recorded.",
    "已记录第二次电话。": "Second call recorded.",
    "已记录第二次家访。": "Second home visit recorded.",
    # Check-in at boarding and the door (gatherings/checkin)
    "车辆": "Bus",
    "班车": "Bus",
    "桌号": "Table",
    "人数": "Guests",
    "座位": "Seats",
    "上车": "Boarding",
    "入场": "Door",
    "签到": "Check-in",
    "已签到过：%(time)s 由 %(by)s 在%(where)s登记。": "Already checked in at %(time)s by %(by)s (%(where)s).",
    "请上车：%(names)s": "Please board: %(names)s",
    "欢迎入场：%(names)s": "Welcome: %(names)s",
    "上车签到请先选择车辆。": "Choose the bus before checking in for boarding.",
    "这场联谊会没有这辆车。": "This gathering has no such bus.",
    "请选择上车或入场。": "Choose boarding or the door.",
    "请扫码，或输入邀请码，或输入手机尾号和姓氏。": "Scan the code, or enter the invitation code, or the mobile's last 4 digits and the surname.",
    "联谊会已结束，不能再签到。": "The gathering is closed: no more check-ins.",
    "无法识别的邀请码，请重新扫码或手动输入。": "This code is not an invitation code. Scan again or enter it by hand.",
    "请输入手机号后 4 位数字和客户的姓氏。": "Enter the last 4 digits of the mobile and the customer's surname.",
    "有多位客户符合，请扫码或输入邀请码。": "More than one customer matches. Scan the code or enter the invitation code.",
    "这位客户的邀请函属于另一场联谊会。": "This customer's invitation is for another gathering.",
    "找不到这张邀请函。": "No such invitation.",
    "这张邀请函属于另一场联谊会：%(gathering)s。": "This invitation is for another gathering: %(gathering)s.",
    "这张邀请函已作废，不能签到。": "This invitation has been revoked and cannot check in.",
    "这张邀请函应乘坐 %(bus)s。": "This invitation is for %(bus)s.",
    "邀请码": "Invitation code",
    "二维码下方的 8 位短码（如 AbC1-xY_9），或完整的邀请码。": "The 8-character code under the QR code (e.g. AbC1-xY_9), or the whole invitation code.",
    "有多张邀请函符合，请扫码或输入完整的邀请码。": "More than one invitation matches. Scan the code or enter the whole invitation code.",
    "手机尾号": "Mobile, last 4 digits",
    "姓氏": "Surname",
    "没有可以签到的联谊会。": "No gathering is open for check-in.",
    "已上车/名单（人）": "Boarded / manifest (guests)",
    "（名单外 %(count)s）": "(%(count)s not on the manifest)",
    "未到 %(count)s": "%(count)s missing",
    "已入场 %(admitted)s / %(expected)s 人（%(households)s 户）": "Checked in %(admitted)s / %(expected)s guests (%(households)s households)",
    "签到时间": "Checked in at",
    "签到人": "Checked in by",
    "这张邀请函没有登记送达，请告知负责的专员。": "This invitation was never recorded as delivered: please tell the rep in charge.",
    "网络不通，请再扫一次。": "No network: please scan again.",
    "无法打开摄像头，请手动输入。": "The camera cannot be opened: please enter the code by hand.",
    "签到清单": "Check-in list",
    "请选择车辆": "Choose a bus",
    "选择": "Choose",
    "这场联谊会还没有安排班车。": "This gathering has no buses yet.",
    "请扫描邀请函上的二维码": "Scan the QR code on the invitation",
    "打开摄像头扫码": "Scan with the camera",
    "关闭摄像头": "Turn the camera off",
    "手动签到": "Check in by hand",
    "或输入客户手机号后 4 位和姓氏：": "Or enter the last 4 digits of the customer's mobile and the surname:",
    "签到成功": "Checked in",
    "已签到过": "Already checked in",
    "邀请函已作废": "Invitation revoked",
    "查无此邀请函": "Unknown invitation",
    "不是本场的邀请函": "Not for this gathering",
    "请上另一辆车": "Wrong bus",
    "联谊会已结束": "Gathering closed",
    "无法识别": "Not recognised",
    "多位客户符合": "Several customers match",
    "请检查": "Please check",
    "上车和入场签到": "Check-in: boarding and the door",
    # Gatherings: the lucky draw, engagement, the attendance report
    "抽奖": "Lucky draw",
    "现场表现": "Engagement",
    "抽奖规则": "Draw rules",
    "奖品": "Prize",
    "锁定时间": "Locked at",
    "轮次": "Round",
    "抽奖记录": "Draw runs",
    "汇总": "Summary",
    "范围": "Level",
    "入场户数": "Households at the door",
    "两次家访户数": "Households visited twice",
    "家访且到场": "Visited and came",
    "未家访但到场": "Came without both visits",
    "家访但未到场": "Visited but did not come",
    "家访到场率": "Attendance rate of visited",
    "到场中家访占比": "Share of attendees visited",
    "专员": "Rep",
    "合计": "Total",
    "明细": "Details",
    "两次家访": "Visited twice",
    "情况": "Outcome",
    "是": "Yes",
    "否": "No",
    "未家访、未到场": "Not visited twice, did not come",
    "请至少填写一个奖品。": "Please enter at least one prize.",
    "奖品最多 %(max)s 项。": "At most %(max)s prizes.",
    "奖品名称": "prize name",
    "奖品价值要填写金额（元）。": "A prize's value must be an amount in yuan.",
    "奖品“%(name)s”价值 %(value)s 元，超过法定上限 %(max)s 元。": (
        "The prize “%(name)s” is worth %(value)s yuan, over the legal cap of %(max)s yuan."
    ),
    "每项奖品的数量为 1 至 %(max)s。": "Each prize's count must be 1 to %(max)s.",
    "抽奖规则和奖品已锁定，不能再修改。": "The draw's rules and prizes are locked and cannot change.",
    "联谊会已经开始，抽奖规则只能在开始前公布和锁定。": (
        "The gathering has started: the draw's rules can only be published and locked before it."
    ),
    "请先公布抽奖规则和奖品。": "Please publish the draw's rules and prizes first.",
    "抽奖规则尚未锁定，不能抽奖。": "The draw's rules are not locked yet: no draw can run.",
    "联谊会开始后才能抽奖。": "The draw can only run once the gathering has started.",
    "种子已公布，抽奖已结束。": "The seed has been revealed: the draw is over.",
    "第 %(round)s 轮已经抽过，每轮只抽一次。": (
        "Round %(round)s has already been drawn; each round is drawn once."
    ),
    "下一轮是第 %(round)s 轮。": "The next round is round %(round)s.",
    "没有可参加抽奖的已入场嘉宾。": "No guest checked in at the door can take part in the draw.",
    "还有奖项没有抽完，抽完后（或联谊会结束后）才能公布种子。": (
        "Some prizes have not been drawn yet: the seed can be revealed once they are (or after the gathering ends)."
    ),
    "未知的现场表现：%(signal)s。": "Unknown engagement signal: %(signal)s.",
    "这户嘉宾还没有入场签到，不能记录现场表现。": (
        "This household has not checked in at the door: no engagement can be noted."
    ),
    "奖品 %(n)s 名称": "Prize %(n)s name",
    "奖品 %(n)s 价值（元）": "Prize %(n)s value (yuan)",
    "不超过 %(max)s 元": "At most %(max)s yuan",
    "奖品 %(n)s 数量": "Prize %(n)s count",
    "到场对比": "Attendance report",
    "入场签到的客户与做过两次家访的客户对比。家访到场率 = 家访且到场 ÷ 两次家访户数；到场中家访占比 = 家访且到场 ÷ 入场户数。": (
        "Customers checked in at the door compared with customers who had both home visits. Attendance rate of visited = visited and came ÷ households visited twice; share of attendees visited = visited and came ÷ households at the door."
    ),
    "导出 Excel": "Export to Excel",
    "未家访但到场：": "Came without both visits:",
    "无": "none",
    "家访但未到场：": "Visited but did not come:",
    "这场联谊会在您的范围内还没有邀请函。": "No invitations to this gathering within your scope yet.",
    "小组合计": "Team total",
    "抽奖只在入场签到的嘉宾中进行，工作人员不参加。规则和奖品须在联谊会开始前锁定；锁定时系统生成一个保密的随机种子并公布它的哈希，抽奖后公布种子，任何人都可以重新计算中奖名单。": (
        "The draw is only among guests checked in at the door; staff never take part. Rules and prizes must be locked before the gathering starts: locking draws a secret random seed and publishes its hash; after the draw the seed is revealed and anyone can recompute the winners."
    ),
    "规则和奖品": "Rules and prizes",
    "奖品 %(n)s": "Prize %(n)s",
    "保存规则和奖品": "Save rules and prizes",
    "锁定后规则和奖品不能再修改。": "Once locked, the rules and prizes cannot change.",
    "锁定规则并公布种子哈希": "Lock the rules and publish the seed's hash",
    "已锁定的规则和奖品": "Locked rules and prizes",
    "种子哈希（SHA-256）": "Seed hash (SHA-256)",
    "公开验证页": "Public verification page",
    "还没有抽奖。": "No round drawn yet.",
    "抽第 %(round)s 轮": "Draw round %(round)s",
    "公布种子": "Reveal the seed",
    "种子已于 %(at)s 公布。": "The seed was revealed at %(at)s.",
    "价值（元）": "Value (yuan)",
    "数量": "Count",
    "抽奖验证": "Draw verification",
    "已验证": "Verified",
    "种子与事先公布的哈希一致，每一轮的中奖名单都能由种子和参与名单重新算出。": (
        "The seed matches the hash published beforehand, and every round's winners are recomputed from the seed and the eligible list."
    ),
    "验证失败：种子或抽奖记录与公布的不一致。": (
        "Verification failed: the seed or a run does not match what was published."
    ),
    "种子尚未公布：抽奖结束后公布，届时可以验证。": (
        "The seed is not revealed yet: it will be after the draw, and then the draw can be verified."
    ),
    "种子": "Seed",
    "第 %(round)s 轮：": "Round %(round)s:",
    "重新计算一致": "recomputed: matches",
    "重新计算不一致": "recomputed: does not match",
    "如何自己验证": "How to verify it yourself",
    "1. 计算种子的 SHA-256，应等于上面公布的哈希。": (
        "1. Compute the SHA-256 of the seed: it must equal the hash published above."
    ),
    "2. 每一轮的参与名单按编号从小到大排列。对第 r 轮的第 k 次抽取（k 从 0 开始），计算 SHA-256(种子:r:k)，当作整数除以剩余人数取余数，得到的位置就是中奖者，把他从名单中去掉，再抽下一次。": (
        "2. Each round's eligible list is sorted by number, ascending. For the k-th pick of round r (k from 0), compute SHA-256(seed:r:k), read it as an integer, take the remainder by the number of households left: that position is the winner; remove them from the list and pick again."
    ),
    "3. 算出的中奖名单应与上面的记录完全一致。": (
        "3. The winners you compute must be exactly those recorded above."
    ),
    "第 %(round)s 轮": "Round %(round)s",
    "中奖：": "Winners:",
    "参与名单（%(n)s 户）": ("Eligible list (%(n)s household)", "Eligible list (%(n)s households)"),
    "联谊会现场表现": "Engagement at gatherings",
    "没有记录表现": "No signal noted",
    "记录人：%(by)s · %(at)s": "Noted by %(by)s · %(at)s",
    "已入场的客户。点一下记录听、看、摸、问和购买意向，再点一下取消。": (
        "Your customers checked in at the door. Tap to note listened, read, tried, asked and the buying signals; tap again to undo."
    ),
    "还没有您的客户入场。": "None of your customers has checked in yet.",
    "听、看、摸、问": "Listened, read, tried, asked",
    "购买意向": "Buying signals",
    "已保存抽奖规则和奖品。锁定前仍可修改。": (
        "Draw rules and prizes saved. They can still change until locked."
    ),
    "已锁定：规则和奖品不能再改，种子的哈希已公布。": (
        "Locked: the rules and prizes can no longer change; the seed's hash is published."
    ),
    "第 %(round)s 轮已抽出，结果已保存。": "Round %(round)s drawn; the result is kept.",
    "种子已公布，任何人都可以验证抽奖结果。": "The seed is revealed: anyone can now verify the draw.",
    "听了讲座": "Listened to the talk",
    "看了资料": "Read the material",
    "试用了产品": "Tried the product",
    "提了问题": "Asked questions",
    "问价格或赠品": "Asks about price or gifts",
    "问有同样情况的人": "Asks about others with the same complaint",
    "和老伴早到": "Came early with the spouse",
    "仔细看价目表": "Studies the price list",
    "问售后服务": "Asks about after-sales",
    "放松、认同": "Relaxes and agrees",
    "表现": "Signals",
    "更新时间": "Updated at",
    "公布种子时间": "Seed revealed at",
    "参与名单": "Eligible list",
    "中奖名单": "Winners",
    "抽奖前请和现场核对：下一轮就在这份名单中抽取，名单会随结果一起公布。": (
        "Check it against the room before drawing: the next round draws from this list, which is published with the result."
    ),
    # Gatherings: planning, printing invitations, seating
    "%(bus)s 已满：%(seats)s 个座位，已坐 %(taken)s 人。": (
        "%(bus)s is full: %(seats)s seats, %(taken)s taken."
    ),
    "%(capacity)s 人（已邀请 %(guests)s 人，桌位 %(seats)s 个）": (
        "%(capacity)s people (%(guests)s invited, %(seats)s table seats)"
    ),
    "%(count)s / %(seats)s 座": "%(count)s / %(seats)s seats",
    "%(name)s · 桌位表": "%(name)s · seating list",
    "%(number)s 号桌": "Table %(number)s",
    "%(number)s 号桌 · %(seats)s 座": "Table %(number)s · %(seats)s seats",
    "%(number)s 号桌坐不下：%(seats)s 个座位，已坐 %(taken)s 人。": (
        "Table %(number)s is full: %(seats)s seats, %(taken)s taken."
    ),
    "%(stop)s，%(at)s 接您": "%(stop)s, pick-up at %(at)s",
    "%(taken)s / %(seats)s 座": "%(taken)s / %(seats)s seats",
    "下载 PDF": "Download PDF",
    "不乘班车": "No bus",
    "人数为 1 或 2。": "Guests must be 1 or 2.",
    "会务分工": "Staff roles",
    "作废原因": "Reason for revoking",
    "作废：%(names)s": "Revoke: %(names)s",
    "修改": "Edit",
    "修改联谊会": "Edit gathering",
    "入场二维码": "Admission QR code",
    "凭此邀请函上车和入场，本人姓名与邀请函一致即可。": (
        "Show this invitation to board the bus and to enter; the names must match the invitation."
    ),
    "删除": "Delete",
    "取消": "Cancel",
    "受邀家庭": "Invited household",
    "只能安排本公司的员工。": "Only staff of your company can be assigned.",
    "员工": "Staff member",
    "地址": "Address",
    "场地地址": "Venue address",
    "安排": "Assign",
    "安排乘车": "Assign a bus",
    "安排人员": "Assign staff",
    "安排受邀家庭": "Seat an invited household",
    "安排老顾客": "Seat an existing customer",
    "安排联谊会": "Plan a gathering",
    "容纳人数至少为 1。": "Capacity must be at least 1.",
    "尊敬的%(names)s：": "Dear %(names)s,",
    "已保存。": "Saved.",
    "已保存联谊会安排。": "Gathering plan saved.",
    "已创建联谊会“%(name)s”。": "Gathering “%(name)s” created.",
    "已删除。": "Deleted.",
    "已取消座位。": "Seat removed.",
    "已安排座位。": "Seated.",
    "已打印，标记": "Printed: mark as printed",
    "已有同名的班车。": "A bus with this name already exists.",
    "已有这个桌号。": "This table number already exists.",
    "已标记 %(count)s 份邀请函为已打印。": "Marked %(count)s invitations as printed.",
    "已经安排了座位。": "Already seated.",
    "座位数": "Seats",
    "座位数须在 1 到 500 之间。": "Seats must be between 1 and 500.",
    "桌号须在 1 到 999 之间。": "The table number must be between 1 and 999.",
    "所选（未选则全部）下载 PDF": "Download PDF of the selected (all if none)",
    "所选（未选则全部）打印页": "Print page of the selected (all if none)",
    "打印": "Print",
    "打印桌位表": "Print seating list",
    "打印邀请函": "Print invitations",
    "打印页": "Print page",
    "接人时间": "Pick-up time",
    "接人时间必须早于联谊会开始时间。": "The pick-up must be before the gathering starts.",
    "有接人时间不早于新的开始时间，请先调整上车点。": (
        "A pick-up is not before the new start time; adjust the bus stops first."
    ),
    "有节目不在新的时间范围内，请先调整节目。": (
        "A programme item falls outside the new times; adjust the programme first."
    ),
    "服务器没有中文字体，无法生成邀请函 PDF，请管理员安装（如 fonts-noto-cjk）。": (
        "The server has no Chinese font, so the invitation PDF cannot be made; ask an"
        " administrator to install one (e.g. fonts-noto-cjk)."
    ),
    "标题": "Title",
    "桌位安排": "Seating",
    "桌位表": "Seating list",
    "没有可打印的邀请函。": "No invitations to print.",
    "添加上车点": "Add a bus stop",
    "添加班车": "Add a bus",
    "添加节目": "Add a programme item",
    "添加餐桌": "Add a table",
    "班车与站点": "Bus and stop",
    "确认作废": "Confirm revoking",
    "站点": "Stop",
    "结束时间": "End time",
    "结束时间必须晚于开始时间。": "The end must be after the start.",
    "老顾客": "Existing customer",
    "节目": "Programme",
    "节目必须安排在联谊会的时间之内。": "Programme items must be within the gathering's times.",
    "诚挚邀请您参加我们举办的“%(name)s”。届时有专家讲座、免费检测、文艺表演和抽奖，期待与您相聚。": (
        "We warmly invite you to “%(name)s”: an expert talk, free check-ups, entertainment and a"
        " lucky draw. We look forward to seeing you."
    ),
    "该员工已担任这个角色。": "This person already has this role.",
    "该站点不在这辆车的路线上。": "This stop is not on this bus's route.",
    "该邀请函不能作废（当前状态：%(state)s）。": "This invitation cannot be revoked (state: %(state)s).",
    "请选择节目类型。": "Please choose the kind of programme item.",
    "请选择角色。": "Please choose a role.",
    "超出场地容纳人数（%(capacity)s 人），还需 %(needed)s 个位置。": (
        "Over the venue's capacity (%(capacity)s people): %(needed)s places needed."
    ),
    "返回": "Back",
    "返回联谊会": "Back to the gathering",
    "还没有人。": "Nobody yet.",
    "还没有安排人员。": "No staff assigned yet.",
    "还没有班车。": "No buses yet.",
    "还没有联谊会。": "No gatherings yet.",
    "还没有节目。": "No programme yet.",
    "还没有餐桌。": "No tables yet.",
    "还没有餐桌，请先在联谊会安排里添加。": "No tables yet; add them in the gathering's plan first.",
    "这辆车已有这个顺序的站点。": "This bus already has a stop at this position.",
    "送函开始日期": "Deliveries start on",
    "送函开始日期必须在联谊会之前。": "Deliveries must start before the gathering.",
    "邀请函已作废。": "The invitation has been revoked.",
    "邀请函已作废，不能打印。": "The invitation has been revoked and cannot be printed.",
    "顺序": "Position",
    "餐桌": "Table",
    # Gatherings: model choices shown on the planning and printing pages
    "筹备中": "Being planned",
    "进行中": "Under way",
    "已结束": "Over",
    "专家讲座": "Expert talk",
    "咨询": "Consultation",
    "免费检测": "Free check-up",
    "文艺表演": "Entertainment",
    "主持人": "Host",
    "专家": "Expert",
    "检测人员": "Tester",
    "登记人员": "Registrar",
    "上车点": "Bus stop",
    "已打印": "Printed",
    "已上车": "Boarded",
    "已入场": "Checked in",
    "打印时间": "Printed at",
    "作废时间": "Revoked at",
    "连续打印": "All tables on continuous pages",
    "每桌一页": "One table per page",
    "清单": "List",
    "方式": "Method",
    "规划时间": "Planned at",
    "总路程（秒）": "Total travel (s)",
    "无法按约送达": "Slots no rep can keep",
    "缺少位置": "No location",
    "送函规划": "Delivery plan",
    "预计到达": "Expected arrival",
    "送函站点": "Delivery stop",
    "请选择当天能送函的专员。": "Choose the reps who can deliver that day.",
    "请管理员先设置公司地址的坐标：送函路线从公司出发。": "Ask an administrator to set the office's coordinates first: delivery routes start from the office.",
    "送函日期应在联谊会之前的送函期内。": "The delivery day must fall in the delivery days before the gathering.",
    "这一天没有约好送达的邀请函。": "No invitation is due to be delivered on this day.",
    "公司纬度": "Office latitude",
    "公司经度": "Office longitude",
    "送函路线": "Delivery routes",
    "规划路线": "Plan routes",
    "正在规划路线，约需 10 秒，请稍候……": "Planning routes; this takes about 10 seconds…",
    "这一天还没有送函路线。": "No delivery routes for this day yet.",
    "%(at)s 由 %(by)s 规划，总路程约 %(minutes)s 分钟": "Planned %(at)s by %(by)s; about %(minutes)s minutes of travel in all",
    "地图": "Map",
    "改派给": "Give to",
    "改派并重排": "Give to this rep and re-plan",
    "这些邀请函的约定时段，当天任何专员都赶不上：请打电话改约时间。": "No rep can keep the agreed slots of these invitations on this day: call to agree another time.",
    "这些客户既没有家访时记录的位置，小区也没有坐标，无法排进路线。按小区列出，便于手工安排。": "These customers have neither a location recorded on a visit nor a compound with coordinates, so they cannot be routed. Listed by compound for planning by hand.",
    "已规划 %(day)s 的送函路线。": "Delivery routes for %(day)s planned.",
    "未填小区": "No compound",
    "请选择要改派的专员。": "Choose the rep to give the stop to.",
    "已改派并重新排好路线。": "Stop given to the other rep and routes re-planned.",
    "送函日期": "Delivery day",
    "当天能送函的专员": "Reps who can deliver that day",
    # ==== platform: bare machine, production server, error pages ====
    "服务器出错了": "Server error",
    "刚才的操作没有完成，已记录下来，管理员会处理。请稍后再试；如果一直出错，请联系管理员。": "What you just did was not completed. The error has been logged for the administrator. Please try again later; if it keeps happening, contact your administrator.",
    "回到首页": "Back to the start page",
    # (entries for platform go above this line)
    #
    #
    # ==== admin-org: create_company, departments, teams, users, passwords, login lockout ====
    "数据库里已有公司“%(name)s”，不载入演示数据。": "The database already holds the company “%(name)s”: the demo data is not loaded.",
    "用户名只能用 2 到 40 个字母、数字或 _ . @ + -。": "A username is 2 to 40 letters, digits or _ . @ + -.",
    "用户名“%(username)s”已被使用。": "The username “%(username)s” is already taken.",
    "服务专员和主管必须属于一个小组。": "Reps and supervisors must belong to a team.",
    "部门经理必须属于一个部门。": "A department manager must belong to a department.",
    "已有名为“%(name)s”的公司。": "A company named “%(name)s” already exists.",
    "不能修改自己的角色。": "You cannot change your own role.",
    "不能停用自己的账号。": "You cannot deactivate your own account.",
    "原密码不正确。": "The current password is not correct.",
    "两次输入的新密码不一致。": "The two new passwords do not match.",
    "环境变量 %(var)s 没有设置或为空。": "The environment variable %(var)s is not set or is empty.",
    "使用 --noinput 时必须给出：%(flags)s": "With --noinput these are required: %(flags)s",
    "已取消，没有创建任何内容。": "Cancelled; nothing was created.",
    "已创建公司“%(company)s”和管理员 %(username)s。请登录后打开“更多 › 管理”。": "Created the company “%(company)s” and the administrator %(username)s. Log in and open More › Administration.",
    "公司名称：": "Company name: ",
    "管理员用户名：": "Administrator username: ",
    "管理员姓名（可留空）：": "Administrator's name (optional): ",
    "管理员密码：": "Administrator password: ",
    "再次输入密码：": "Password again: ",
    "两次输入的密码不一致。": "The two passwords do not match.",
    "已有名为“%(name)s”的部门。": "A department named “%(name)s” already exists.",
    "%(department)s已有名为“%(name)s”的小组。": "%(department)s already has a team named “%(name)s”.",
    "部门“%(name)s”还有 %(teams)s 个小组和 %(members)s 位成员，不能删除。": "The department “%(name)s” still has %(teams)s teams and %(members)s members and cannot be deleted.",
    "小组“%(name)s”还有 %(members)s 位成员，不能删除。": "The team “%(name)s” still has %(members)s members and cannot be deleted.",
    "服务专员和主管必须选择小组。": "Reps and supervisors need a team.",
    "部门经理必须选择部门。": "Department managers need a department.",
    "初始密码": "Initial password",
    "留空则生成一个随机密码，只显示一次。": "Leave empty for a random password, shown only once.",
    "新密码": "New password",
    "全部": "All",
    "在职": "Active",
    "已停用": "Deactivated",
    "原密码": "Current password",
    "再次输入新密码": "New password again",
    "确认删除": "Yes, delete",
    "部门和小组": "Departments and teams",
    "%(counter)s 人": ("%(counter)s person", "%(counter)s people"),
    "还没有小组。": "No teams yet.",
    "新建小组": "New team",
    "改名": "Rename",
    "删除部门": "Delete department",
    "只有没有小组和成员的部门才能删除。删除后无法恢复。": "Only a department without teams and members can be deleted. This cannot be undone.",
    "管理": "Administration",
    "组织": "Organisation",
    "新建、改名；空的部门或小组可以删除。": "Create and rename; empty departments and teams can be deleted.",
    "新建用户、修改角色和小组、重设密码、停用和解锁。": "Create users, change role and team, reset passwords, deactivate and unlock.",
    "其他": "Other",
    "%(counter)s 位经理": ("%(counter)s manager", "%(counter)s managers"),
    "还没有部门。先新建一个部门，再在部门里新建小组。": "No departments yet. Create a department first, then teams in it.",
    "新建部门": "New department",
    "成员": "Members",
    "这个小组还没有成员。": "This team has no members yet.",
    "新建用户": "New user",
    "删除小组": "Delete team",
    "只有没有成员（包括已停用的成员）的小组才能删除。删除后无法恢复。": "Only a team without members (deactivated ones included) can be deleted. This cannot be undone.",
    "新密码（只显示这一次）": "New password (shown only this once)",
    "请当面告诉该用户，并提醒他登录后在“更多”里修改密码。": "Tell the user in person, and remind them to change it under More after logging in.",
    "登录已锁定": "Login locked",
    "最近登录": "Last login",
    "登录失败次数过多，该账号暂时无法登录。": "Too many failed logins: this account cannot log in for now.",
    "解除登录锁定": "Unlock login",
    "姓名、角色和小组": "Name, role and team",
    "客户仍归原专员，调整小组不会转移客户。": "Customers stay with their owner; changing the team does not move them.",
    "重设密码": "Reset password",
    "名下客户（%(total)s 位）": "Customers owned (%(total)s)",
    "停用账号不会转移客户。请逐一打开客户，用“转给其他专员”交接。": "Deactivating does not move customers. Open each customer and hand it over with “Give to another rep”.",
    "只显示前 %(shown)s 位。": "Showing the first %(shown)s only.",
    "名下没有客户。": "No customers.",
    "停用账号": "Deactivate account",
    "停用后该用户立即退出所有登录，不能再登录，API 令牌失效。名下客户保持不变，可在上面交接。可以随时重新启用。": "The user is logged out everywhere at once, cannot log in again and their API tokens stop working. Their customers stay as they are and can be handed over above. The account can be reactivated at any time.",
    "确认停用": "Yes, deactivate",
    "重新启用账号": "Reactivate account",
    "共 %(total)s 人": "%(total)s people in all",
    "小组或部门": "Team or department",
    "上一页": "Previous",
    "下一页": "Next",
    "没有符合条件的用户。": "No users match.",
    "修改密码": "Change password",
    "已新建部门“%(name)s”。": "Department “%(name)s” created.",
    "已新建小组“%(name)s”。": "Team “%(name)s” created.",
    "已删除部门“%(name)s”。": "Department “%(name)s” deleted.",
    "已删除小组“%(name)s”。": "Team “%(name)s” deleted.",
    "已新建用户“%(name)s”。": "User “%(name)s” created.",
    "已重设密码，该用户的登录已全部退出。": "Password reset; the user has been logged out everywhere.",
    "已停用该账号：无法登录，已退出所有登录。": "Account deactivated: it cannot log in and has been logged out everywhere.",
    "已重新启用该账号。": "Account reactivated.",
    "已解除登录锁定。": "Login unlocked.",
    "密码已修改。": "Password changed.",
    "登录失败次数过多，账号已锁定 %(minutes)s 分钟。请稍后再试，或请管理员解锁。": "Too many failed logins: the account is locked for %(minutes)s minutes. Try again later or ask an administrator to unlock it.",
    # (entries for admin-org go above this line)
    #
    #
    # ==== admin-rules: company rules, stands, places ====
    "开放登记": "Open for registration",
    "请选择小区或单位。": "Please choose compound or work unit.",
    "请同时填写纬度和经度，或都不填。": "Enter both latitude and longitude, or neither.",
    "纬度应在 -90 到 90 之间，经度在 -180 到 180 之间，最多 6 位小数。": "Latitude must be between -90 and 90 and longitude between -180 and 180, with at most 6 decimals.",
    "同一区已有同名的小区或单位；如是同一地点，请合并。": "This district already has a place of that name; if it is the same place, merge them.",
    "不能把地点与它自己合并。": "A place cannot be merged with itself.",
    "小区只能与小区合并，单位只能与单位合并。": "A compound merges only with a compound, a work unit only with a work unit.",
    "请填写 %(low)s 到 %(high)s 年之间的日期。": "Please enter a date between the years %(low)s and %(high)s.",
    "该数据收集点已关闭或不存在，请选择正在开放的数据收集点。": "This stand is closed or does not exist; please choose a stand that is open.",
    "请按 HH:MM 填写时间，例如 08:30。": "Please enter the time as HH:MM, e.g. 08:30.",
    "第 %(number)s 个免打扰时段：请按 HH:MM 填写开始和结束。": "Quiet window %(number)s: enter its start and end as HH:MM.",
    "最晚联系时间应晚于最早联系时间。": "The latest contact time must be after the earliest.",
    "第 %(number)s 个免打扰时段：结束应晚于开始。": "Quiet window %(number)s: the end must be after the start.",
    "第 %(number)s 个免打扰时段完全在联系时间之外，不起作用。": "Quiet window %(number)s lies wholly outside the contact day and would have no effect.",
    "第 %(number)s 个免打扰时段与其他时段重叠。": "Quiet window %(number)s overlaps another window.",
    "请填写 %(low)s 到 %(high)s 之间的天数。": "Please enter a number of days from %(low)s to %(high)s.",
    "二次电话最迟天数不能小于最早天数。": "The latest day of the second call cannot be before the earliest.",
    "多少天未联系后，客户可转给其他专员。": "After how many days without contact a customer may be given to another rep.",
    "登记后几天内打第一次电话。": "Within how many days of registration the first call is due.",
    "第一次家访后最早第几天打二次电话。": "The earliest day after the first visit for the second call.",
    "送函路线的起点和终点；可都不填。": "Where delivery routes start and end; may be left empty.",
    "例如 幸福里小区北门。": "For example, the north gate of Xingfuli compound.",
    "现在开放登记": "Open for registration now",
    "坐标来源": "Coordinates from",
    "按上面填写的坐标": "The coordinates typed above",
    "保留哪一个": "Which one to keep",
    "新增小区或单位": "New compound or work unit",
    "%(count)s 位客户": ("%(count)s customer", "%(count)s customers"),
    "坐标": "Coordinates",
    "或选一次专员家访时记录的位置（该小区或单位的客户）。": "Or pick a location a rep recorded at a home visit (customers of this place).",
    "还没有带位置的家访记录可选。": "No home visit with a recorded location to pick from yet.",
    "合并到另一个写法": "Merge into another spelling",
    "合并小区或单位": "Merge compounds or work units",
    "“%(removed)s”的 %(count)s 位客户将移到“%(keep)s”，然后删除“%(removed)s”。此操作不能撤销。": (
        "%(count)s customer of “%(removed)s” will move to “%(keep)s”, then “%(removed)s” is deleted. This cannot be undone.",
        "%(count)s customers of “%(removed)s” will move to “%(keep)s”, then “%(removed)s” is deleted. This cannot be undone.",
    ),
    "确认合并": "Merge",
    "改为保留“%(name)s”": "Keep “%(name)s” instead",
    "把“%(name)s”并入哪一个写法？它的客户都会移过去。": "Merge “%(name)s” into which spelling? Its customers all move there.",
    "没有同类型的其他小区或单位可以合并。": "There is no other place of the same kind to merge with.",
    "小区和单位": "Compounds and work units",
    "共 %(total)s 个": ("%(total)s in all", "%(total)s in all"),
    "没有符合条件的小区或单位。登记客户时填写的小区和单位会出现在这里。": "No compound or work unit matches. The places typed at registration appear here.",
    "公司规则": "Company rules",
    "联系时间（客户当地时间）": "Contact day (the customer's local time)",
    "早餐、午休、新闻联播等时段不打电话、不上门；开始时刻起免打扰，结束时刻起可联系。": "No calls or visits during breakfast, the lunch rest or the evening news; quiet from the start time, contactable again from the end time.",
    "添加时段": "Add a window",
    "保护期和电话期限": "Protection period and call due days",
    "公司位置": "Office location",
    "修改数据收集点": "Edit stand",
    "新建数据收集点": "New stand",
    "开放中": "Open",
    "已关闭": "Closed",
    "关闭登记": "Close registration",
    "还没有数据收集点。新建一个，登记客户时就可以选择它。": "No stands yet. Create one and it can be chosen at registration.",
    "已新增“%(name)s”。": "Added “%(name)s”.",
    "已保存“%(name)s”。": "Saved “%(name)s”.",
    "已合并：%(count)s 位客户移到“%(name)s”。": "Merged: %(count)s customers moved to “%(name)s”.",
    "已保存公司规则。": "Company rules saved.",
    "已新建数据收集点“%(name)s”。": "Created stand “%(name)s”.",
    "已保存数据收集点“%(name)s”。": "Saved stand “%(name)s”.",
    "“%(name)s”已开放登记。": "“%(name)s” is open for registration.",
    "“%(name)s”已关闭，登记时不再显示。": "“%(name)s” is closed and no longer offered at registration.",
    "未填坐标": "No coordinates",
    "公司设置": "Company settings",
    "联系时间、免打扰时段、保护期、电话期限、告知书版本、公司位置。": "Contact hours, quiet hours, protection period, call deadlines, notice version, office location.",
    "新建、开放和关闭；登记只提供开放的收集点。": "Create, open and close; registration offers only open stands.",
    "区、名称和坐标；合并同一小区的两种写法。": "District, name and coordinates; merge two spellings of one compound.",
    "请填写 %(low)s 到 %(high)s 之间的分钟数。": "Enter a number of minutes between %(low)s and %(high)s.",
    "联谊会开始前多少分钟起可以上车和入场签到。": "How many minutes before a gathering starts boarding and door check-in open.",
    "联谊会结束后多少分钟内仍可签到。": "For how many minutes after a gathering ends check-in stays open.",
    "签到开放时间": "Check-in hours",
    # (entries for admin-rules go above this line)
    #
    #
    # ==== input: input cleaning at the door, request size, money ====
    "提交的内容太大（上限 %(max)s MB）。": "What was sent is too large (at most %(max)s MB).",
    "%(fields)s：%(message)s": "%(fields)s: %(message)s",
    "内容含有不允许的字符（NUL）。": "The text contains a character that is not allowed (NUL).",
    "内容含有无效的字符（单独的代理码位）。": "The text contains an invalid character (a lone surrogate).",
    "不能超过 %(max)s 个字符（现在 %(length)s 个）。": "At most %(max)s characters (now %(length)s).",
    "应为 %(min)s 到 %(max)s 之间的整数。": "A whole number from %(min)s to %(max)s.",
    "日期应在 %(min)s 年到 %(max)s 年之间。": "The date must be between the years %(min)s and %(max)s.",
    "请填写金额（元），例如 299.00。": "Enter an amount in yuan, for example 299.00.",
    "金额最多两位小数（分），不会四舍五入：%(value)s。": "An amount has at most two decimals (fen) and is never rounded: %(value)s.",
    "金额不能超过 %(max)s 元。": "The amount cannot be over %(max)s yuan.",
    "请用 ISO 8601 格式，例如 %(example)s；不接受 Unix 时间戳。": "Use the ISO 8601 format, for example %(example)s; Unix timestamps are not accepted.",
    "联谊会最长 %(hours)s 小时，请检查结束时间。": "A gathering lasts at most %(hours)s hours: check the end time.",
    "开始时间已经过去，联谊会只能安排在将来。": "The start time has passed: a gathering can only be planned in the future.",
    "内容太大": "Too large",
    "请缩短填写的内容后返回上一页重试。": "Shorten what you entered, go back and try again.",
    # (entries for input go above this line)
    #
    #
    # ==== scope: seat scope, seating list, landline duplicates ====
    "另有 %(guests)s 位其他专员的客人。": "Plus %(guests)s guest(s) of other reps.",
    "这辆班车上还有其他专员的客人，请由他们的主管先安排下车。": (
        "Guests of other reps are still on this bus; their supervisor must take them off first."
    ),
    "这个站点还有其他专员的客人上车，请由他们的主管先改站。": (
        "Guests of other reps board at this stop; their supervisor must move them first."
    ),
    "这张桌还坐着其他专员的客人，请由他们的主管先取消座位。": (
        "Guests of other reps sit at this table; their supervisor must unseat them first."
    ),
    "座机号请带上区号，例如 021-6234 5678。": (
        "Please include the area code with a landline, e.g. 021-6234 5678."
    ),
    "手机或座机（座机带区号），例如 138 0013 8000、021-6234 5678。": (
        "Mobile or landline (with its area code), e.g. 138 0013 8000, 021-6234 5678."
    ),
    # (entries for scope go above this line)
    #
    #
    # ==== tasks: background tasks and progress pages ====
    "排队中": "Queued",
    "已完成": "Done",
    "失败": "Failed",
    "后台任务": "Background job",
    "任务超时，请重新提交。": "The job timed out; please submit it again.",
    "该任务已经开始或已结束。": "This job has already started or finished.",
    "后台任务出错了，请稍后重试。": "The background job went wrong; please try again later.",
    "这一天的送函路线正在规划中（%(by)s 提交），请等它完成后再试。": (
        "The delivery routes of this day are being planned (submitted by %(by)s); "
        "please try again when that is done."
    ),
    "规划送函路线": "Plan delivery routes",
    "改派并重排路线": "Reassign and re-plan routes",
    "邀请函 PDF": "Invitations PDF",
    "已提交，排队等待后台处理……": "Submitted; waiting in the queue…",
    "正在后台处理，可以先做别的事，本页会自动更新。": (
        "Working on it in the background; you can do something else, this page updates itself."
    ),
    "已完成。": "Done.",
    "没有完成。": "Not done.",
    "已完成 %(done)s / %(total)s": "%(done)s of %(total)s done",
    "查看结果": "See the result",
    "路线在后台规划，约需 10 秒，完成后自动显示。": (
        "Routes are planned in the background (about 10 seconds) and shown when ready."
    ),
    "这一天的路线正在后台规划，点此查看进度。": (
        "The routes of this day are being planned in the background; tap to see how far."
    ),
    # (entries for tasks go above this line)
    #
    #
    # ==== checkin: the door's time window, check-in ====
    "签到提前开放（分钟）": "Check-in opens before the start (minutes)",
    "散场后签到关闭（分钟）": "Check-in closes after the end (minutes)",
    "签到尚未开始：%(opens)s 开始签到。": "Check-in has not opened yet: it opens at %(opens)s.",
    "签到已于 %(closed)s 结束。": "Check-in closed at %(closed)s.",
    "签到尚未开始": "Check-in not open yet",
    "签到已结束": "Check-in has closed",
    "签到时间：%(opens)s 至 %(closes)s": "Check-in: %(opens)s to %(closes)s",
    "（尚未开始）": "(not open yet)",
    "（已结束）": "(closed)",
    # (entries for checkin go above this line)
    #
    #
    # ==== review-sec: security and correctness review of issue 6 ====
    "这是公司最后一位在用的管理员，不能停用或改为其他角色。": (
        "This is the company's last active administrator: they cannot be deactivated or given "
        "another role."
    ),
    # (entries for review-sec go above this line)
    #
    #
    # ==== i7-routes ====
    "有路线的日期": "Days with routes",
    "今天 %(day)s": "Today %(day)s",
    "%(day)s 的路线": "Route of %(day)s",
    # (entries for i7-routes go above this line)
    #
    # ==== i7-small: call button, greeting, scanner list, workbook times, English address ====
    "同伴性别": "Companion's sex",
    "同伴性别只能是男或女。": "The companion's sex can only be male or female.",
    # (entries for i7-small go above this line)
    #
    # ==== i7-claims: claim cards, one protection-period rule ====
    "尚未联系": "Not contacted yet",
    "保护期至 %(date)s：期满前不能转给申请人，可以保留原归属（驳回撞单）。": (
        "Protected until %(date)s: until then the customer cannot be transferred to the "
        "claimant; you can keep the owner (reject the claim)."
    ),
    "保护期至 %(date)s，已结束。": "Protected until %(date)s: the period is over.",
    # (entries for i7-claims go above this line)
    #
    # ==== i7-door ====
    "请填写撤销签到的原因。": "Please give the reason for undoing the check-in.",
    "原因最多 %(max)s 个字。": "The reason is at most %(max)s characters.",
    "抽奖已经开始，参与名单已公布，不能再撤销签到。": (
        "The draw has begun and its list of guests is published: the check-in can no longer be "
        "undone."
    ),
    "这张邀请函没有这项签到。": "This invitation has no such check-in.",
    "撤销原因": "Reason for undoing",
    "例如：扫错了邀请函、客户没有进场。": (
        "For example: the wrong invitation was scanned, or the guest did not come in."
    ),
    "已撤销%(names)s的签到。": "The check-in of %(names)s was undone.",
    "撤销签到": "Undo check-in",
    "登记人": "Recorded by",
    "返回签到": "Back to check-in",
    "确认撤销签到": "Yes, undo the check-in",
    "撤销后这户嘉宾不算入场，也不在抽奖名单上；可以重新扫码签到。抽奖开始后不能再撤销。": (
        "Once undone, this household does not count as admitted and is not on the draw list; "
        "it can be scanned in again. A check-in cannot be undone once the draw has begun."
    ),
    "二维码下方的 8 位短码（如 7KQ2-M9XD，不分大小写），或完整的邀请码。": (
        "The 8-character code under the QR code (e.g. 7KQ2-M9XD, in any case), or the whole "
        "invitation code."
    ),
    # (entries for i7-door go above this line)
    #
    #
}
