"""Words of the synthetic ledger that depend on the calendar: Jimsar's seasons (construction
April-October, winter pause November-March), the five-year plan of the year, and the paired
leader's monthly briefing and site visit (art. 12) by the project's phase."""

from __future__ import annotations

WINTER_MONTHS = (12, 1, 2)            # Jimsar's winter pause; the construction season is Apr-Oct
COLD_MONTHS = (11, 12, 1, 2, 3)       # months whose notes may speak of winter
WINTER_PROGRESS = ["冬季停工，开展设备采购、室内安装和春季复工准备", "冬季停工期间完成室内设备安装{p}%",
                   "室外作业暂停，开展室内管线安装和设备调试"]
# Money spent before construction starts buys land or orders equipment: the text says which.
PREPAID_PROGRESS = ["缴纳土地出让金，办理不动产权登记", "支付主要设备订货预付款，开展施工招标准备",
                    "支付长周期设备订货预付款，施工图设计审查中"]


def five_year_plan(year: int) -> str:
    """The county's five-year plan in force in ``year``: 十四五 2021-2025, 十五五 2026-2030."""
    return "十四五" if year <= 2025 else "十五五"

# Art. 12: the paired leader hears a briefing and goes to the site every month, by phase
# (pre_sign, pre_build, build, produce); "_cold" variants for the winter months.
BRIEFING_NOTES = {
    "pre_sign": ["听取招引单位关于项目洽谈和优惠政策研究进展的汇报，要求抓紧商定协议条款",
                 "听取项目前期工作汇报，协调相关部门提前介入选址和用地论证"],
    "pre_build": ["听取项目前期手续办理情况汇报，要求审批部门并联办理、压缩时限",
                  "听取企业和招引单位汇报，协调解决用地报批和水电接入问题"],
    "build": ["听取项目建设进度和投资完成情况汇报，研究解决要素保障问题",
              "听取项目推进情况汇报，要求倒排工期，确保年度投资计划完成"],
    "build_cold": ["听取冬季停工期间设备采购和室内安装进展汇报，部署春季复工准备"],
    "produce": ["听取项目试生产和产能爬坡情况汇报，协调原料供应和产品外运",
                "听取企业投产后运行情况汇报，督促兑现优惠政策"],
}
SITE_NOTES = {
    "pre_sign": ["到项目选址现场踏勘，了解供水、供电和道路接入条件",
                 "陪同投资方考察项目选址，现场协调园区做好“五通一平”规划"],
    "pre_build": ["到项目现场调研场地平整和临时设施准备，协调施工用水用电接入",
                  "召开现场办公会，协调用地和道路问题"],
    "pre_build_cold": ["到项目现场了解场地条件，督促企业利用冬季完成施工图设计和招标"],
    "build": ["现场查看主体施工进度，协调解决施工用电问题", "调研项目建设情况，督促落实安全生产责任",
              "现场查看施工进度，要求抢抓施工黄金期，加大人员和设备投入"],
    "build_cold": ["现场检查冬季停工期间安全防护和设备保管情况，要求做好春季复工准备",
                   "到项目现场查看室内设备安装进展，协调解决冬季施工用电和供暖问题"],
    "produce": ["到生产车间调研，了解产能爬坡和产品销售情况", "查看设备运行情况，研究投产后用工和销售问题"],
}
VISIT_DELAYS = ["包联县领导参加自治区集中培训，当月未赴现场，已听取书面汇报",
                "当月全县集中开展防汛工作，现场调研顺延至次月"]
BRIEFING_DELAYS = ["包联县领导参加自治区集中培训，当月未能听取汇报，次月初补听",
                   "当月集中开展防汛工作，项目汇报顺延至次月"]
