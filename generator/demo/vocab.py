"""Fixed vocabulary of the demo: the county's registries and Chinese words to vary text with.

Everything here is fictional but shaped like Jimsar County: its towns and parks, the member
units of the investment leading group, the approval catalogue and the industries it courts.
"""

from __future__ import annotations

# id, name, short name, roles
UNITS: list[tuple[str, str, str, list[str]]] = [
    ("shanggongju", "吉木萨尔县商务和工业信息化局", "商工局", ["leading_office", "attracting", "review"]),
    ("fagaiwei", "吉木萨尔县发展和改革委员会", "发改委", ["approving", "attracting", "review"]),
    ("ziranziyuan", "吉木萨尔县自然资源局", "自然资源局", ["approving", "review"]),
    ("shengtai", "昌吉州生态环境局吉木萨尔县分局", "生态环境局", ["approving", "review"]),
    ("zhujian", "吉木萨尔县住房和城乡建设局", "住建局", ["approving"]),
    ("yingji", "吉木萨尔县应急管理局", "应急管理局", ["approving", "review"]),
    ("shuili", "吉木萨尔县水利局", "水利局", ["approving", "review"]),
    ("nongye", "吉木萨尔县农业农村局", "农业农村局", ["attracting", "review"]),
    ("wenlv", "吉木萨尔县文化体育广播电视和旅游局", "文旅局", ["attracting", "review"]),
    ("lincao", "吉木萨尔县林业和草原综合行政执法大队", "林草执法大队", ["approving", "review"]),
    ("caizheng", "吉木萨尔县财政局", "财政局", ["approving"]),
    ("renshe", "吉木萨尔县人力资源和社会保障局", "人社局", ["approving"]),
    ("shuiwu", "国家税务总局吉木萨尔县税务局", "税务局", ["approving"]),
    ("shichang", "吉木萨尔县市场监督管理局", "市场监管局", ["approving"]),
    ("jiaotong", "吉木萨尔县交通运输局", "交通运输局", ["approving", "utility"]),
    ("tongji", "吉木萨尔县统计局", "统计局", ["statistics"]),
    ("ducha", "县政府督察室", "督察室", ["supervision"]),
    ("gongdian", "国网吉木萨尔县供电公司", "供电公司", ["utility"]),
    ("gongshui", "吉木萨尔县供排水有限责任公司", "供排水公司", ["utility"]),
    ("ranqi", "吉木萨尔县天然气有限公司", "燃气公司", ["utility"]),
    ("tongxin", "中国电信吉木萨尔县分公司", "电信公司", ["utility"]),
    ("yuanqu", "吉木萨尔县北庭工业园区管理委员会", "北庭园区管委会", ["park", "attracting", "utility"]),
    ("wucaiwan", "吉木萨尔县五彩湾产业园管理委员会", "五彩湾园区管委会", ["park", "attracting"]),
    ("beiting-gov", "吉木萨尔县北庭镇人民政府", "北庭镇", ["attracting"]),
    ("ergong-gov", "吉木萨尔县二工镇人民政府", "二工镇", ["attracting"]),
    ("dayou-gov", "吉木萨尔县大有镇人民政府", "大有镇", ["attracting"]),
    ("quanzijie-gov", "吉木萨尔县泉子街镇人民政府", "泉子街镇", ["attracting"]),
]
UNIT_DUTIES = {
    "shanggongju": "领导小组办公室日常工作；项目信息汇总、调度、督办和年度考核",
    "fagaiwei": "项目备案、核准和节能审查；可行性研究报告受理",
    "ziranziyuan": "用地预审、规划许可、土地供应和不动产登记",
    "shengtai": "环境影响评价审批和排污许可",
    "yingji": "危险化学品建设项目安全条件审查",
    "shuili": "取水许可和水土保持方案审批",
    "gongdian": "项目施工和生产用电接入",
}
# unit id -> attracting weight (谁招引、谁负责)
ATTRACTING = {"shanggongju": 30, "yuanqu": 18, "wucaiwan": 14, "fagaiwei": 8, "nongye": 8,
              "wenlv": 6, "beiting-gov": 4, "ergong-gov": 4, "dayou-gov": 4, "quanzijie-gov": 4}

# id, name, kind, unit
TOWNSHIPS: list[tuple[str, str, str, str | None]] = [
    ("jimsar-town", "吉木萨尔镇", "town", None),
    ("santai", "三台镇", "town", None),
    ("quanzijie", "泉子街镇", "town", "quanzijie-gov"),
    ("beiting", "北庭镇", "town", "beiting-gov"),
    ("ergong", "二工镇", "town", "ergong-gov"),
    ("dayou", "大有镇", "town", "dayou-gov"),
    ("qingyanghu", "庆阳湖乡", "township", None),
    ("laotai", "老台乡", "township", None),
    ("xindi", "新地乡", "township", None),
    ("beiting-park", "北庭工业园区", "park", "yuanqu"),
    ("wucaiwan-park", "五彩湾产业园", "park", "wucaiwan"),
]
TOWNSHIP_NAMES = {t[0]: t[1] for t in TOWNSHIPS}
VILLAGES = ["西地村", "东地村", "古城村", "破城子村", "长山子村", "三台村", "渭户沟村", "大龙口村",
            "北庭村", "新湖村", "小分子村", "头工村", "下二工村", "二畦村", "老台村", "马场窝子村"]
PLOTS = ["A1", "A3", "B2", "B5", "C1", "C4", "D2", "E7", "F3", "G1"]

# id, name, title, units
LEADERS: list[tuple[str, str, str, list[str]]] = [
    ("leader-zhao", "赵立新", "县委副书记、县长", ["shanggongju", "fagaiwei", "caizheng"]),
    ("leader-qian", "钱文博", "县委常委、常务副县长", ["shanggongju", "fagaiwei", "ziranziyuan", "tongji"]),
    ("leader-sun", "孙海燕", "县委常委、副县长", ["yuanqu", "wucaiwan", "yingji", "shengtai"]),
    ("leader-li", "李国栋", "副县长", ["nongye", "shuili", "lincao", "dayou-gov", "ergong-gov"]),
    ("leader-zhou", "周雅琴", "副县长", ["wenlv", "quanzijie-gov", "beiting-gov"]),
    ("leader-wu", "吴振华", "副县长", ["zhujian", "jiaotong", "gongdian", "gongshui", "ranqi", "tongxin"]),
    ("leader-aili", "艾力·买买提", "副县长", ["renshe", "shichang", "shuiwu"]),
    ("leader-nurlan", "努尔兰·别克", "县人大常委会副主任", ["ducha"]),
]
PORTFOLIOS = {
    "leader-zhao": "主持县政府全面工作，牵头招商引资和重大项目建设",
    "leader-qian": "负责发展改革、财政、自然资源、统计等工作，分管领导小组办公室",
    "leader-sun": "负责工业园区、应急管理和生态环境工作",
}

# id, name, unit, working-day limit, phase, legal basis, document number pattern
APPROVAL_ITEMS: list[tuple[str, str, str, int, str, str, str]] = [
    ("filing", "企业投资项目备案", "fagaiwei", 3, "review", "《企业投资项目核准和备案管理条例》",
     "吉发改备〔{y}〕{n}号"),
    ("approval", "企业投资项目核准", "fagaiwei", 20, "review", "《企业投资项目核准和备案管理条例》",
     "吉发改核〔{y}〕{n}号"),
    ("energy", "固定资产投资项目节能审查", "fagaiwei", 15, "review", "《固定资产投资项目节能审查办法》",
     "吉发改能审〔{y}〕{n}号"),
    ("land-pre-review", "用地预审与选址意见书", "ziranziyuan", 20, "review", "《中华人民共和国土地管理法》",
     "用字第652327{y}{n:05d}号"),
    ("eia-report", "建设项目环境影响报告书审批", "shengtai", 30, "review", "《中华人民共和国环境影响评价法》",
     "吉环审〔{y}〕{n}号"),
    ("eia-table", "建设项目环境影响报告表审批", "shengtai", 15, "review", "《中华人民共和国环境影响评价法》",
     "吉环表〔{y}〕{n}号"),
    ("safety", "危险化学品建设项目安全条件审查", "yingji", 20, "review", "《危险化学品安全管理条例》",
     "吉应急危化项目审字〔{y}〕{n}号"),
    ("water-soil", "水土保持方案审批", "shuili", 15, "review", "《中华人民共和国水土保持法》",
     "吉水保〔{y}〕{n}号"),
    ("forest-land", "使用林地审核", "lincao", 20, "review", "《中华人民共和国森林法》", "新林地审字〔{y}〕{n}号"),
    ("grassland", "征收使用草原审核", "lincao", 20, "review", "《中华人民共和国草原法》", "新草审〔{y}〕{n}号"),
    ("land-planning", "建设用地规划许可证", "ziranziyuan", 10, "landing", "《中华人民共和国城乡规划法》",
     "地字第652327{y}{n:05d}号"),
    ("land-grant", "国有建设用地使用权出让", "ziranziyuan", 30, "landing", "《中华人民共和国土地管理法》",
     "吉自然资供〔{y}〕{n}号"),
    ("water-intake", "取水许可", "shuili", 20, "landing", "《取水许可和水资源费征收管理条例》",
     "取水（吉）字〔{y}〕第{n}号"),
    ("eng-planning", "建设工程规划许可证", "ziranziyuan", 10, "landing", "《中华人民共和国城乡规划法》",
     "建字第652327{y}{n:05d}号"),
    ("fire-design", "特殊建设工程消防设计审查", "zhujian", 15, "landing", "《建设工程消防设计审查验收管理暂行规定》",
     "吉住建消审字〔{y}〕第{n}号"),
    ("real-estate", "不动产权证书（土地）", "ziranziyuan", 5, "landing", "《不动产登记暂行条例》",
     "新（{y}）吉木萨尔县不动产权第{n:07d}号"),
    ("construction-permit", "建筑工程施工许可证", "zhujian", 7, "construction", "《建筑工程施工许可管理办法》",
     "652327{y}{n:04d}0101"),
    ("pollutant-permit", "排污许可证", "shengtai", 20, "construction", "《排污许可管理条例》",
     "吉排许〔{y}〕{n}号"),
]
ITEM_BY_ID = {i[0]: i for i in APPROVAL_ITEMS}

_LAND = ["land-pre-review", "land-planning", "land-grant", "eng-planning", "real-estate"]
# industry -> (weight, id slugs, amount range in 万元, industry code DD, townships, approvals)
INDUSTRIES: dict[str, tuple[int, list[str], tuple[int, int], str, list[str], list[str]]] = {
    "coal_chemical": (10, ["coal-chem", "coal-gas", "glycol", "coal-tar", "methanol"], (30000, 1500000), "26",
                      ["wucaiwan-park", "wucaiwan-park", "beiting-park"],
                      ["approval", "energy", "eia-report", "safety", "water-intake", *_LAND,
                       "construction-permit", "fire-design", "pollutant-permit"]),
    "new_energy": (20, ["solar", "wind", "pv", "agri-pv", "wind-solar"], (8000, 600000), "44",
                   ["beiting", "laotai", "santai", "qingyanghu", "wucaiwan-park", "dayou"],
                   ["filing", "land-pre-review", "eia-table", "water-soil", "grassland", "land-planning",
                    "eng-planning", "construction-permit"]),
    "energy_storage": (9, ["storage", "bess", "caes"], (6000, 300000), "44",
                       ["beiting-park", "wucaiwan-park", "laotai"],
                       ["filing", "land-pre-review", "eia-table", "safety", "water-soil", "land-planning", "land-grant",
                        "eng-planning", "construction-permit", "fire-design"]),
    "new_materials": (12, ["silicon", "quartz", "alu", "basalt", "graphite"], (5000, 400000), "30",
                      ["beiting-park", "wucaiwan-park"],
                      ["filing", "energy", "eia-report", "water-soil", *_LAND, "construction-permit", "fire-design",
                       "pollutant-permit"]),
    "agri_processing": (16, ["tomato", "flour", "dairy", "pork", "feed", "seabuckthorn"], (500, 40000), "13",
                        ["ergong", "dayou", "jimsar-town", "santai", "beiting-park", "xindi"],
                        ["filing", "land-planning", "land-grant", "eia-table", "water-intake", "eng-planning",
                         "construction-permit", "fire-design", "real-estate"]),
    "culture_tourism": (8, ["tourism", "resort", "homestay", "camp"], (800, 60000), "87",
                        ["quanzijie", "xindi", "beiting", "jimsar-town"],
                        ["filing", "land-pre-review", "land-planning", "eia-table", "water-soil", "forest-land",
                         "eng-planning", "construction-permit", "fire-design"]),
    "logistics": (9, ["logistics", "cold-chain", "rail", "depot"], (2000, 80000), "59",
                  ["beiting-park", "jimsar-town", "santai", "wucaiwan-park"],
                  ["filing", "land-pre-review", "land-planning", "land-grant", "eia-table", "water-soil",
                   "eng-planning", "construction-permit", "fire-design", "real-estate"]),
    "equipment": (9, ["tower", "bracket", "steel", "machinery"], (3000, 120000), "34",
                  ["beiting-park", "wucaiwan-park"],
                  ["filing", "land-planning", "land-grant", "eia-table", "eng-planning",
                   "construction-permit", "fire-design", "real-estate"]),
    "other": (7, ["heating", "datacenter", "recycling", "factory"], (1000, 50000), "78",
              ["jimsar-town", "beiting-park", "santai"],
              ["filing", "land-planning", "land-grant", "eia-table", "eng-planning", "construction-permit",
               "fire-design", "real-estate"]),
}
# industry -> (title, 万元 per unit of {n}; 0 when the title has no size)
PROJECT_TITLES: dict[str, list[tuple[str, int]]] = {
    "coal_chemical": [("年产{n}万吨煤制乙二醇项目", 6000), ("年产{n}万吨煤焦油深加工项目", 2500),
                      ("{n}万吨/年煤制甲醇项目", 3500), ("煤炭分级分质利用示范项目", 0),
                      ("年产{n}万吨聚乙烯醇项目", 8000), ("{n}万吨/年兰炭及化产回收项目", 3000)],
    "new_energy": [("{n}MW光伏发电项目", 380), ("{n}万千瓦风电项目", 5500), ("{n}MW农光互补光伏项目", 420),
                   ("{n}万千瓦风光同场项目", 5000), ("分散式风电{n}MW项目", 600)],
    "energy_storage": [("{n}MW/{m}MWh独立储能电站项目", 250), ("{n}MW共享储能项目", 260),
                       ("{n}MW压缩空气储能示范项目", 700), ("年产{n}GWh储能电池项目", 30000)],
    "new_materials": [("年产{n}万吨硅基新材料项目", 4000), ("年产{n}万吨高纯石英砂项目", 4000),
                      ("年产{n}万吨铝基新材料项目", 5000), ("年产{n}万吨玄武岩纤维项目", 9000),
                      ("年产{n}万吨石墨负极材料项目", 12000)],
    "agri_processing": [("年产{n}万吨番茄酱加工项目", 2500), ("年加工{n}万吨小麦面粉项目", 1500),
                        ("{n}头奶牛养殖及乳制品加工项目", 3), ("{n}万头生猪屠宰及冷链项目", 1000),
                        ("年产{n}万吨饲料加工项目", 1000), ("年产{n}千吨沙棘饮品项目", 400)],
    "culture_tourism": [("北庭故城遗址公园配套服务区项目", 0), ("江布拉克景区游客服务中心项目", 0),
                        ("千佛洞景区提升改造项目", 0), ("车师古道徒步营地项目", 0), ("天山花海景区二期项目", 0),
                        ("冰雪运动旅游度假区项目", 0), ("民宿集群项目", 0)],
    "logistics": [("农产品冷链物流园项目", 0), ("{n}万吨煤炭集运站项目", 30), ("商贸物流中心项目", 0),
                  ("铁路专用线及物流园项目", 0), ("电商快递分拨中心项目", 0)],
    "equipment": [("年产{n}台（套）风电塔筒项目", 60), ("光伏支架及组件生产项目", 0), ("矿山机械维修服务中心项目", 0),
                  ("年产{n}万吨钢结构制造项目", 1500), ("农机装备组装项目", 0)],
    "other": [("标准化厂房建设项目", 0), ("数据中心项目", 0), ("城区集中供热改造项目", 0), ("再生资源回收利用项目", 0),
              ("职业技能实训基地项目", 0)],
}
CONTENT_MAIN: dict[str, list[str]] = {
    "coal_chemical": ["建设气化、变换、净化、合成及精馏装置", "建设煤焦油加氢及分离装置",
                      "建设热解炉、焦油回收及煤气净化装置"],
    "new_energy": ["安装单晶硅双面光伏组件及固定支架，配套建设升压站",
                   "安装单机容量6.25MW风电机组，配套建设220kV升压站",
                   "建设光伏阵列、箱式变电站、集电线路及储能设施"],
    "energy_storage": ["建设磷酸铁锂电池储能系统、升压站及能量管理系统", "建设储气库、压缩机组和膨胀发电机组",
                       "建设电芯、模组及电池包生产线"],
    "new_materials": ["建设工业硅冶炼炉及尾气余热回收系统", "建设石英砂提纯生产线及配套仓储",
                      "建设熔制、拉丝及短切生产线"],
    "agri_processing": ["建设原料收购场、前处理车间、浓缩车间和成品库", "建设制粉车间、筒仓及成品库",
                        "建设标准化牛舍、挤奶厅和乳品加工车间"],
    "culture_tourism": ["建设游客服务中心、停车场、观景平台和景区步道", "改造展陈设施，建设文创街区和研学基地",
                        "建设精品民宿、餐饮和户外营地"],
    "logistics": ["建设冷库、分拣中心、冷链配送中心和信息平台", "建设铁路装车线、封闭储煤棚和皮带廊道",
                  "建设仓储库房、分拨中心和停车场"],
    "equipment": ["建设下料、卷板、焊接和涂装车间", "建设钢结构生产线及成品堆场", "建设装配车间、维修车间和配件库"],
    "other": ["建设标准化厂房、综合楼及配套道路管网", "建设机房楼、变电站和冷却系统",
              "建设分拣车间、破碎生产线和仓储设施"],
}
CONTENT_TAIL = ["项目建成后可实现年产值{v}亿元，年纳税{t}万元，带动就业{j}人。",
                "配套建设办公楼、倒班宿舍、道路、给排水、消防及绿化等公用工程。",
                "项目采用国内先进工艺，能耗和排放指标优于行业准入标准。",
                "项目分两期建设，一期建设期{m}个月。",
                "项目依托园区现有供水、供电和铁路设施，延伸本地产业链条。"]
INDUSTRY_WORD = {"coal_chemical": "化工", "new_energy": "新能源", "energy_storage": "储能科技",
                 "new_materials": "新材料", "agri_processing": "农业科技", "culture_tourism": "文化旅游",
                 "logistics": "供应链管理", "equipment": "装备制造", "other": "实业"}
BRANDS = ["天润", "恒泰", "华信", "中能", "金石", "瑞丰", "宏达", "天山", "博达", "众和", "嘉禾", "丰源", "鑫源",
          "振华", "新锐", "国泰", "海川", "元泰", "晶耀", "庆丰", "宝瑞", "协力", "东岳", "永盛", "昊天", "润泽",
          "聚能", "华远", "北辰", "祥和", "凯盛", "中泰", "远景", "星河", "赛特", "德源"]
# origin, region code (for the credit code)
ORIGINS = [("新疆维吾尔自治区乌鲁木齐市", "650100"), ("新疆维吾尔自治区昌吉回族自治州", "652300"),
           ("新疆维吾尔自治区昌吉回族自治州吉木萨尔县", "652327"), ("江苏省南京市", "320100"),
           ("浙江省杭州市", "330100"), ("北京市", "110000"), ("山东省济南市", "370100"), ("陕西省西安市", "610100"),
           ("上海市", "310000"), ("广东省深圳市", "440300"), ("河南省郑州市", "410100"), ("四川省成都市", "510100"),
           ("湖北省武汉市", "420100"), ("内蒙古自治区鄂尔多斯市", "150600"), ("宁夏回族自治区银川市", "640100")]
SOURCES = ["以商招商", "链主企业推荐", "招商推介会", "驻外招商工作组", "商会推荐", "企业主动对接", "产业链精准招商",
           "乌洽会签约", "线上招商平台"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰",
         "霞", "平", "刚", "建华", "玉梅", "海燕", "志强", "红梅", "新民", "晓东", "文静", "建军", "丽娟", "永刚"]
MINORITY_NAMES = ["阿依古丽·艾力", "买买提·吐尔逊", "古丽娜尔·努尔兰", "叶尔兰·哈力别克", "热依拉·阿不都",
                  "努尔江·别克", "迪丽娜尔·吾斯曼", "哈那提·沙吾提"]

CRITERIA = ["industrial_policy", "spatial_plan", "industry_plan", "environment", "energy", "investment_intensity",
            "returns", "market"]
CRITERION_NOTES = {
    "industrial_policy": ["符合《产业结构调整指导目录》鼓励类", "属于允许类，工艺不在淘汰目录内"],
    "spatial_plan": ["选址位于城镇开发边界内，符合国土空间规划", "选址不占用永久基本农田和生态保护红线"],
    "industry_plan": ["符合园区主导产业定位", "契合县“{plan}”产业发展规划"],
    "environment": ["需编制环境影响报告，落实大气污染防治措施", "排放总量指标可在区域内平衡"],
    "energy": ["单位产品能耗达到行业先进值", "需落实能耗替代指标"],
    "investment_intensity": ["投资强度高于园区准入标准", "亩均投资额符合自治区控制指标"],
    "returns": ["预计投资回收期{k}年，财务内部收益率{r}%", "年均税收贡献较好"],
    "market": ["产品市场需求稳定，已有下游企业签订意向", "需关注产品价格波动风险"],
}
POLICY_SUMMARIES = ["按县招商引资优惠政策执行，给予基础设施配套和厂房租金减免",
                    "土地出让价款按规定分期缴纳，前三年地方留成税收给予奖励",
                    "给予设备投资补助和贷款贴息，优先保障用能指标",
                    "一事一议：配套建设专用道路和供水管线，给予物流运费补贴"]
SIGN_DELAYS = ["企业总部投资决策会议延期，协议文本需重新审定", "协议条款涉及用地价格调整，需提请县政府研究",
               "投资主体变更为项目公司，重新履行内部审批程序"]
APPROVAL_DELAYS = ["企业补充材料用时较长，已函告补正要求", "需征求自治区相关部门意见，审查时限顺延",
                   "技术审查专家意见分歧，组织二次论证", "涉及规划调整，需报州级部门审批"]
REPORT_DELAYS = ["项目负责人外出学习，未能按时填报", "企业财务报表延迟出具，投资数据核对后补报",
                 "网络系统故障，延后填报"]
PRE_PROGRESS = ["开展可研报告编制及专家评审", "办理用地预审和选址意见", "开展环评公示及报告编制",
                "完成地勘外业工作，编制初步设计",
                "完成场地围挡和临时用电接入", "施工图设计审查中，同步开展施工招标", "完成施工单位和监理单位招标"]
EARLY_PROGRESS = ["场地平整完成{p}%，桩基施工进行中", "完成土方开挖{n}万立方米", "主要设备完成招标采购，基础施工进行中",
                  "完成临建设施及施工便道建设", "主体基础垫层浇筑完成"]
MID_PROGRESS: dict[str, list[str]] = {
    "coal_chemical": ["主装置区钢结构安装完成{p}%，管廊施工进行中", "气化框架封顶，大型设备吊装就位{n}台"],
    "new_energy": ["完成光伏支架基础{n}根，组件安装{m}MW", "完成风机基础浇筑{n}台，吊装{m}台", "集电线路架设{n}公里"],
    "energy_storage": ["电池舱基础完成，{n}套储能单元就位", "升压站主体完工，设备安装调试"],
    "new_materials": ["主厂房钢结构封顶，设备基础施工", "冶炼车间设备安装完成{p}%"],
    "agri_processing": ["加工车间主体完工，冷库保温施工", "生产线设备安装完成{p}%"],
    "culture_tourism": ["游客服务中心主体封顶，景观步道铺设{n}公里", "民宿主体完工，开展室内装修"],
    "logistics": ["仓储库房主体施工，铁路专用线铺轨{n}公里", "冷库主体封顶，制冷设备安装"],
    "equipment": ["生产车间封顶，行车安装调试", "生产线设备安装完成{p}%"],
    "other": ["主体结构施工至第{n}层", "厂房主体完工，开展配套管网施工"],
}
LATE_PROGRESS = ["设备安装调试，具备单机试车条件", "配套工程收尾，准备竣工验收", "开展联动试车和消缺",
                 "完成并网前验收，等待并网",
                 "试生产阶段，产品质量逐步稳定"]
PROGRESS_TAIL = ["，现场作业人员{k}人", "，本月完成投资{x}万元", "，累计完成形象进度{p}%", "", ""]
MAJOR_PROBLEMS = ["用地指标尚未落实，影响主体开工", "施工用电容量不足，需增容改造", "环评批复前置条件未全部满足",
                  "资金到位滞后，部分设备款未支付", "林草地占用手续办理进度较慢", "供水管网接入点尚未确定",
                  "部分进口设备到货延迟"]
WINTER_PROBLEM = "冬季低温停工，室外作业暂停"
# title, owner unit, level, description, resolution
PROBLEMS: list[tuple[str, str, str, str, str]] = [
    ("项目用地规划调整", "ziranziyuan", "county",
     "项目选址涉及部分一般农用地，需调整控制性详细规划后方可供地，企业多次反映影响开工时间。",
     "县自然资源局牵头完成规划调整论证并上报州局批复，已完成供地"),
    ("施工临时用电接入", "gongdian", "general", "项目施工需10kV临时用电，现有线路容量不足，需新建线路约3公里。",
     "供电公司开辟绿色通道，完成临时线路架设并送电"),
    ("生产用水指标不足", "shuili", "county", "项目年用水量较大，县域用水总量指标紧张，需通过水权交易解决。",
     "水利局协调完成水权转让，落实年度取水指标"),
    ("环评审批需补充大气环境预测", "shengtai", "general", "专家评审要求补充大气环境影响预测和总量来源说明。",
     "企业补充材料后通过技术审查，已取得批复"),
    ("占用林地需办理审核手续", "lincao", "general", "项目红线范围内涉及少量灌木林地，需办理使用林地审核。",
     "林草部门指导企业编制使用林地可行性报告，已完成审核"),
    ("进场道路未硬化", "jiaotong", "general", "项目进场道路为砂石路，大型设备运输困难，雨雪天气无法通行。",
     "交通运输局将道路纳入年度农村公路建设计划，完成硬化"),
    ("用工招聘困难", "renshe", "general", "项目投产需招聘操作工约百人，本地技能人才储备不足。",
     "人社局组织专场招聘会，开展订单式技能培训"),
    ("奖补资金兑现滞后", "caizheng", "county", "企业按协议申请设备投资补助，资金拨付进度慢于协议约定。",
     "财政局会同商工局完成审核，资金已拨付到位"),
    ("天然气接入方案未确定", "ranqi", "general", "项目生产需用天然气，接入点和管线走向尚未确定。",
     "燃气公司完成接入方案设计，开工建设支线管道"),
    ("施工许可前置条件不全", "zhujian", "general", "施工图审查尚未完成，暂不具备办理施工许可条件。",
     "住建局指导企业分阶段办理，先行核发基础工程施工许可"),
]
# kind, title, unit, no_application
SERVICES: list[tuple[str, str, str, bool]] = [
    ("tech_upgrade", "{y}年自治区技术改造专项资金申报", "shanggongju", False),
    ("subsidy", "招商引资奖补政策兑现", "caizheng", False),
    ("high_tech", "高新技术企业认定", "shanggongju", False),
    ("credit", "流动资金贷款对接", "caizheng", False),
    ("policy_fulfilment", "优惠政策兑现（第{k}期）", "caizheng", False),
    ("other", "稳岗补贴免申即享", "renshe", True),
]
COMPLAINTS = [("反映施工期间多个部门重复检查，影响正常施工", "ducha", "督察室协调相关部门实行联合检查，避免重复进场"),
              ("反映被要求缴纳不合理的服务费用", "shichang", "经核查为第三方机构违规收费，已责令退还"),
              ("反映协议约定的配套道路建设滞后", "jiaotong", "已纳入年度建设计划并开工建设"),
              ("反映罚款事项未书面告知依据", "ducha", "已撤销处罚决定，督促相关单位规范执法程序")]
MEETING_DECISIONS = ["{p}用地问题由县自然资源局牵头，两周内提出解决方案", "{p}施工用电由供电公司负责，月底前完成接入",
                     "各招引单位按时报送月度进展，逾期未报的予以通报", "{p}环评手续由生态环境局提前介入、指导完善材料",
                     "对逾期未办结的审批事项，由督察室跟踪督办", "加快推进{p}建设，确保按期投产"]
NOTICE_REASONS = ["{p}{m}月报逾期未报", "{p}审批事项超过办理时限未办结", "{p}县级问题超过30个工作日未解决",
                  "{p}签约后三项登记未按期办结"]
NOTICE_REPLIES = ["已完成整改，补报相关材料", "已明确专人负责，建立台账逐项销号", "已协调相关部门办结，并建立提醒机制"]
