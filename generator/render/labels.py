"""Chinese labels for every enum of the data model, as the site shows them.

The schema descriptions carry the same words for editors; these are the words for readers.
"""

from __future__ import annotations

from ..evaluate.facts import KIND_NAMES, STATUS_NAMES

STAGES = {
    "collection": "项目收集", "assessment": "项目研判", "policy": "优惠政策",
    "signing": "项目签约", "review": "项目会审", "landing": "项目落地", "production": "项目投产",
}
STAGE_ARTICLES = {
    "collection": "第四条", "assessment": "第五条", "policy": "第六条", "signing": "第七条",
    "review": "第八条", "landing": "第九条", "production": "第十条",
}
PROJECT_STATUSES = {"active": "推进中", "paused": "暂停", "cancelled": "已终止"}
INDUSTRIES = {
    "coal_chemical": "煤炭煤化工", "new_energy": "新能源", "energy_storage": "储能",
    "new_materials": "新材料", "agri_processing": "农副产品加工", "culture_tourism": "文化旅游",
    "logistics": "商贸物流", "equipment": "装备制造", "other": "其他",
}
TOWNSHIP_KINDS = {"town": "镇", "township": "乡", "park": "园区"}
UNIT_ROLES = {
    "attracting": "招引单位", "approving": "审批单位", "utility": "要素保障单位", "park": "园区",
    "review": "会审预审部门", "leading_office": "领导小组办公室", "supervision": "督查",
    "statistics": "统计",
}
CRITERIA = {
    "industrial_policy": "国家产业政策", "spatial_plan": "国土空间规划", "industry_plan": "产业发展规划",
    "environment": "环境保护", "energy": "能耗", "investment_intensity": "投资强度",
    "returns": "投资效益", "market": "市场前景",
}
ASSESSMENT_RESULTS = {"pass": "符合", "conditional": "有条件符合", "fail": "不符合"}
CONCLUSIONS = {"pass": "通过", "conditional": "有条件通过", "fail": "不通过"}
POLICY_KINDS = {"standard": "按县优惠政策执行", "case_by_case": "一事一议", "none": "不享受优惠政策"}
CHAIN_BODIES = {"leading_group": "招商领导小组", "executive_meeting": "县政府常务会",
                "standing_committee": "县委常委会"}
CHAIN_RESULTS = {"approved": "通过", "rejected": "不通过", "deferred": "暂缓"}
OPINIONS = {"agree": "同意", "conditional": "有条件同意", "disagree": "不同意"}
REVIEW_RESULTS = {"approved": "通过", "conditional": "有条件通过", "rejected": "不通过",
                  "deferred": "暂缓"}
PROBLEM_LEVELS = {"general": "一般问题", "county": "县级问题"}
PROBLEM_STATUSES = {"open": "待处理", "in_progress": "处理中", "resolved": "已解决"}
VISIT_KINDS = {"site_visit": "现场调研", "briefing": "听取汇报"}
MEETING_KINDS = {"dispatch": "项目调度会", "joint_review": "项目会审会", "leading_group": "招商领导小组会议",
                 "special": "专题会议"}
UTILITIES = {"water": "供水", "power": "供电", "road": "道路", "gas": "供气", "telecom": "通信",
             "levelling": "场地平整"}
UTILITY_STATUSES = {"not_needed": "不需要", "not_started": "未开始", "in_progress": "实施中",
                    "done": "已接通"}
SERVICE_KINDS = {"tech_upgrade": "技改项目申报", "subsidy": "奖补政策申报", "high_tech": "高新技术企业认定",
                 "credit": "融资信贷", "policy_fulfilment": "政策兑现", "other": "其他"}
SERVICE_STATUSES = {"planned": "计划中", "in_progress": "办理中", "done": "已办结", "rejected": "未通过"}
COMPLAINT_CHANNELS = {"hotline": "热线电话", "online": "网上", "letter": "来信", "visit": "来访",
                      "other": "其他"}
COMPLAINT_STATUSES = {"open": "处理中", "handled": "已答复", "closed": "已办结"}
APPROVAL_PHASES = {"review": "会审", "landing": "落地", "construction": "报建"}
COLOURS = {"red": "红色", "yellow": "黄色", "green": "绿色", "grey": "灰色"}
# What a project's colour means, for the list, the dashboard and the legend.
COLOUR_MEANINGS = {"red": "有逾期事项", "yellow": "有即将到期事项", "green": "均在时限内",
                   "grey": "暂停或终止，不计入统计"}

__all__ = ["KIND_NAMES", "STATUS_NAMES"]


def label(table: dict[str, str], value: object) -> str:
    """The Chinese label, or the raw value when the table has none (never a crash)."""
    return table.get(str(value), str(value)) if value is not None else ""
