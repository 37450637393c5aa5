"""The one department splitter and the one county matcher every ledger reader shares."""

from __future__ import annotations

import pytest

from ledger.read.counties import CountyMatcher, county_aliases
from ledger.read.departments import own_place, plausibility, split_cell

WUZHONG = ["利通区", "红寺堡区", "青铜峡市", "盐池县", "同心县"]


def split(cell, *, hard=False, city="吴忠市", counties=WUZHONG):
    return split_cell(cell, city=city, counties=CountyMatcher(counties, city), hard_breaks=hard)


@pytest.mark.parametrize(
    "cell, departments",
    [
        # separators: 、，； spaces, one name per line with no separator
        ("市审批局、市公安局，市卫健委；市人社局", ["市审批局", "市公安局", "市卫健委", "市人社局"]),
        ("市审批局 市公安局  市税务局", ["市审批局", "市公安局", "市税务局"]),
        ("市审批局\n市公安局\n国网吴忠供电公司\n人行吴忠市中心支行",
         ["市审批局", "市公安局", "国网吴忠供电公司", "人行吴忠市中心支行"]),
        # a fixed-width column: breaks inside names
        ("市审批局、公安局、\n卫健委、人社局、税\n务局", ["市审批局", "市公安局", "市卫健委", "市人社局", "市税务局"]),
        ("市住房和城乡建设委\n员会、市政府办", ["市住房和城乡建设委员会", "市政府办"]),
        ("国家金融监督管理总局\n吴忠监管分局、市金融局", ["国家金融监督管理总局吴忠监管分局", "市金融局"]),
        ("市商务局、吴忠海\n关", ["市商务局", "吴忠海关"]),
        # the level prefix written once: 市场监管局 after it is 市市场监管局, never 市市市场监管局
        ("市发改委、市场监管局、财政局", ["市发改委", "市市场监管局", "市财政局"]),
        ("市市场监管局、公安局", ["市市场监管局", "市公安局"]),
        ("市城市管理局、公安局", ["市城市管理局", "市公安局"]),
        # party and mass organisations as written (never 市团市委), party organs after 市委…
        ("市委编办、市委宣传部、团市委、市总工会、市纪委监委",
         ["市委编办", "市委宣传部", "团市委", "市总工会", "市纪委监委"]),
        ("市委组织部、宣传部、发改委", ["市委组织部", "市委宣传部", "市发改委"]),
        ("市发改委、团市委", ["市发改委", "团市委"]),
        # national, regional and company units: no 市 prefix
        ("市审批局、国家金融监督管理总局吴忠监管分局、人行吴忠市中心支行、国网吴忠供电公司、银川海关",
         ["市审批局", "国家金融监督管理总局吴忠监管分局", "人行吴忠市中心支行", "国网吴忠供电公司", "银川海关"]),
        ("市国资委、宁夏吴忠交通投资（集团）有限公司", ["市国资委", "宁夏吴忠交通投资（集团）有限公司"]),
        # bracketed notes are not part of a name
        ("市委编办(下同)、市委宣传部（第一责任单位为牵头单位）", ["市委编办", "市委宣传部"]),
        # groups are not departments
        ("市发改委牵头，市直各有关部门配合", ["市发改委"]),
        ("市应急局、住建局、发改委等相关部门", ["市应急局", "市住建局", "市发改委"]),
        ("市住建局等市工程建\n设项目审批制度改\n革领导小组成员单\n位", ["市住建局"]),
        ("市直各有关部门", []),
        ("市发改委、市工信局按职责分工负责", ["市发改委", "市工信局"]),
        ("市政府办公室、市公安局交警支队", ["市政府办公室", "市公安局交警支队"]),
        ("吴忠经济技术开发区管委会、市审批局", ["吴忠经济技术开发区管委会", "市审批局"]),  # a zone, no county
        ("国家税务总局吴忠市税务局", ["国家税务总局吴忠市税务局"]),
    ],
)
def test_departments(cell, departments):
    assert list(split(cell).departments) == departments


@pytest.mark.parametrize(
    "cell, departments, support",
    [
        ("市发改委牵头，市财政局、审批局配合", ["市发改委", "市财政局", "市审批局"], ["市财政局", "市审批局"]),
        ("牵头单位：市审批局；配合单位：市公安局、税务局", ["市审批局", "市公安局", "市税务局"],
         ["市公安局", "市税务局"]),
        ("市审批局（牵头）、公安局（配合）", ["市审批局", "市公安局"], ["市公安局"]),
        ("市审批局(牵头)\n市公安局(配合)", ["市审批局", "市公安局"], ["市公安局"]),
        ("市财政局配合，市发改委牵头", ["市发改委", "市财政局"], ["市财政局"]),  # the lead comes first
        ("市公安局、市审批局（牵头）、市税务局", ["市审批局", "市公安局", "市税务局"], ["市公安局", "市税务局"]),
        ("市审批局、市公安局（第一责任单位为牵头单位）", ["市审批局", "市公安局"], ["市公安局"]),
        ("市发改委、市财政局牵头，市审批局配合", ["市发改委", "市财政局", "市审批局"], ["市审批局"]),  # two leads
        ("（牵头单位：市发改委 配合单位：市财政局）", ["市发改委", "市财政局"], ["市财政局"]),
        ("责任单位：市审批局、市公安局", ["市审批局", "市公安局"], []),
        ("市审批局、市公安局", ["市审批局", "市公安局"], []),
    ],
)
def test_lead_and_support(cell, departments, support):
    who = split(cell)
    assert list(who.departments) == departments
    assert list(who.support) == support


@pytest.mark.parametrize(
    "cell, county_list",
    [
        ("市审批局，各县区", WUZHONG),
        ("市审批局，各县（市、区）人民政府", WUZHONG),
        ("市审批局，各县（市）区人民政府", WUZHONG),
        ("各旗县区", WUZHONG),
        ("各区人民政府", WUZHONG),
        ("各旗区人民政府", WUZHONG),
        ("市审批局，各县区人民政府负责落实", WUZHONG),
        ("利通区人民政府、青铜峡市政府", ["利通区", "青铜峡市"]),
        ("吴忠市利通区人民政府", ["利通区"]),  # a district government named with the city's name
        ("市水务局，利通区、青铜峡市政府", ["利通区", "青铜峡市"]),
        ("利通区", ["利通区"]),
        ("利通政府", ["利通区"]),  # a configured spelling
    ],
)
def test_counties(cell, county_list):
    who = split(cell)
    assert who.counties
    assert list(who.county_list) == county_list
    assert not any(d.endswith(("政府", "县区")) for d in who.departments)


def test_county_not_configured_is_kept_as_written():
    who = split("市审批局、平罗县人民政府")
    assert list(who.county_list) == ["平罗县"]
    assert list(who.unknown_counties) == ["平罗县"]
    assert list(who.departments) == ["市审批局"]


def test_no_counties_configured():
    who = split_cell("市审批局，各县区政府", city="石嘴山市")
    assert who.counties and who.county_list == ()


def test_no_counties():
    who = split("市审批局、市城市管理局、市高新区管委会")
    assert not who.counties
    assert list(who.departments) == ["市审批局", "市城市管理局", "市高新区管委会"]


def test_hard_breaks_separate_names():
    assert list(split("市审批局\n市公安局", hard=True).departments) == ["市审批局", "市公安局"]
    # a fixed-width wrap is joined when the breaks are soft, kept apart when they are hard
    assert list(split("市审批\n局").departments) == ["市审批局"]


def test_uncertain_splits_are_flagged():
    assert split("市审批局、市公安局").uncertain == ()
    assert split("市审批局、星瀚科技").uncertain  # a name that ends unlike any unit
    assert split("市审批局\n市公安局\n市卫健委\n财政局").uncertain  # a short line taken as a break


def test_union_of_two_notes():
    a, b = split("牵头单位：市发改委"), split("牵头单位：市财政局；配合单位：市审批局，各县区")
    both = a.union(b)
    assert list(both.departments) == ["市发改委", "市财政局", "市审批局"]
    assert list(both.support) == ["市审批局"]
    assert both.counties and list(both.county_list) == WUZHONG


@pytest.mark.parametrize(
    "name, own",
    [("国网吴忠供电公司", True), ("人行市中心支行", True), ("团市委", True), ("银川海关", True),
     ("吴忠银保监分局", True), ("城市管理局", False), ("市场监管局", False), ("审批局", False)],
)
def test_own_place(name, own):
    assert own_place(name, "吴忠") is own


def test_plausibility_tells_cells_from_text():
    assert plausibility("市审批局、公安局、\n税务局，各县区") == 1
    assert plausibility("推进企业开办全程网办。") == 0
    assert plausibility("全面推行企业开办“一网通办”，企业开办时间压缩至1个工作日") < 0.5


def test_county_aliases_and_matcher():
    assert county_aliases("大武口区") == ("大武口", "大武口区政府", "大武口区人民政府")
    matcher = CountyMatcher({"大武口区": ("大武口",), "惠农区": ()}, "石嘴山市")
    assert matcher.match("各县区") == ("大武口区", "惠农区")
    assert matcher.match("大武口") == ("大武口区",)
    assert matcher.match("石嘴山市惠农区人民政府") == ("惠农区",)
    assert matcher.match("市审批局") is None
    assert matcher.match("各乡镇") is None
    assert matcher.match("市高新区") is None


# -- levels other than 市, zones, groups by kind, counts of counties, a county's own ledger ------------
DALI = ["大理市", "祥云县", "宾川县", "弥渡县", "洱源县"]


@pytest.mark.parametrize(
    "cell, city, departments",
    [
        # 州, 盟, 旗 and 县 carry over like 市; the party organs after 州委… stay the party's
        ("州教育体育局、卫生健康委、医保局", "大理白族自治州", ["州教育体育局", "州卫生健康委", "州医保局"]),
        ("州委宣传部、网信办、文化和旅游局", "大理白族自治州", ["州委宣传部", "州委网信办", "州文化和旅游局"]),
        ("盟财政局、税务局，盟委组织部", "锡林郭勒盟", ["盟财政局", "盟税务局", "盟委组织部"]),
        ("旗发改委、住建局、交通运输局", "苏尼特右旗", ["旗发改委", "旗住建局", "旗交通运输局"]),
        ("县经信局、县委编办、自然资源局", "德清县", ["县经信局", "县委编办", "县自然资源局"]),
        # a unit that names the prefecture by its short name (大理 for 大理白族自治州) keeps its own place
        ("州商务局、昆明海关大理办事处、交通运输局", "大理白族自治州",
         ["州商务局", "昆明海关大理办事处", "州交通运输局"]),
        # a named zone's committee is a department as written: no prefix carried to it, no county
        ("市商务局、临空经济示范区管委会、综合保税区管理委员会", "吴忠市",
         ["市商务局", "临空经济示范区管委会", "综合保税区管理委员会"]),
        ("市发改委，高新区管委会", "吴忠市", ["市发改委", "高新区管委会"]),
        # groups by kind: a level, 直/级/属, then 各/有关/相关 and any noun; courts of all counties
        ("区司法局，区直各相关部门", "吴忠市", ["区司法局"]),
        ("州财政局牵头，州级各预算部门配合", "大理白族自治州", ["州财政局"]),
        ("盟国资委、盟属各国有企业", "锡林郭勒盟", ["盟国资委"]),
        ("县人社局，县直各单位", "德清县", ["县人社局"]),
        ("市检察院、各县（市、区）人民检察院", "吴忠市", ["市检察院"]),
    ],
)
def test_levels_zones_and_groups(cell, city, departments):
    who = split_cell(cell, city=city)
    assert list(who.departments) == departments
    assert not who.counties


def test_a_group_of_a_level_is_not_support():
    who = split_cell("州财政局牵头，州级各预算部门配合", city="大理白族自治州")
    assert who.support == () and who.departments == ("州财政局",)


def test_courts_of_all_counties_name_no_county():
    who = split("市中级人民法院，各县（市、区）人民法院")
    assert list(who.departments) == ["市中级人民法院"]
    assert not who.counties and who.county_list == ()


@pytest.mark.parametrize(
    "cell, county_list",
    [
        ("州发改委，五县（市）人民政府", DALI),  # the count is the configured number: every one
        ("州发改委，5个县市人民政府", DALI),
        ("州发改委，两县人民政府", ["两县"]),  # not the configured number: kept as written (and warned)
    ],
)
def test_a_count_of_counties(cell, county_list):
    who = split_cell(cell, city="大理白族自治州", counties=CountyMatcher(DALI, "大理白族自治州"))
    assert list(who.county_list) == county_list
    assert list(who.departments) == ["州发改委"]


DEQING = ["武康街道", "舞阳街道", "阜溪街道", "新市镇", "莫干山镇", "禹越镇"]


@pytest.mark.parametrize(
    "cell, county_list",
    [
        ("县经信局，各镇（街道）", DEQING),
        ("县经信局，各乡镇街道人民政府", DEQING),
        ("县经信局，全县各镇街", DEQING),
        ("县经信局，德清县新市镇人民政府、舞阳街道办事处", ["新市镇", "舞阳街道"]),
        ("县经信局，乾元镇", ["乾元镇"]),  # a town that is not configured: kept as written
    ],
)
def test_a_county_ledger_has_its_towns_for_counties(cell, county_list):
    who = split_cell(cell, city="德清县", counties=CountyMatcher(DEQING, "德清县"))
    assert list(who.departments) == ["县经信局"]
    assert list(who.county_list) == county_list


def test_towns_are_no_counties_of_a_city():
    who = split("市农业农村局，各乡镇（街道）")
    assert not who.counties and list(who.departments) == ["市农业农村局"]


@pytest.mark.parametrize(
    "cell",
    [
        "责任单位：市交通运输局牵头，市公安局、城管局、应急局配合",
        "市交通运输局牵头，市公安局、城管局、应急局配合",
        "责任单位：市交通运输局牵头，\n市公安局、城管局、\n应急局配合",
    ],
)
def test_a_run_of_supporters_after_a_neutral_label(cell):
    """责任单位： says nothing about roles: the 配合 after a run marks the whole run, as without the label."""
    who = split(cell)
    assert list(who.departments) == ["市交通运输局", "市公安局", "市城管局", "市应急局"]
    assert list(who.support) == ["市公安局", "市城管局", "市应急局"]


def test_a_zone_configured_as_a_county_is_one():
    """A zone's 管委会 is a department unless the city configures the zone as a county; then it is that county,
    also when its name begins with the city's (赣州经开区)."""
    matcher = CountyMatcher(["章贡区", "南康区", "赣州经开区", "蓉江新区"], "赣州市")
    who = split_cell("市住建局、赣州经开区管委会、蓉江新区管委会", city="赣州市", counties=matcher)
    assert list(who.departments) == ["市住建局"]
    assert list(who.county_list) == ["赣州经开区", "蓉江新区"]



@pytest.mark.parametrize(
    "cell, departments, support",
    [
        ("牵头单位：市审批局；责任单位：市公安局、税务局；配合单位：市财政局",
         ["市审批局", "市公安局", "市税务局", "市财政局"], ["市财政局"]),
        ("牵头单位：\n市发改委、市工信局\n；责任单位：\n利通区人民政府、市商务局",
         ["市发改委", "市工信局", "市商务局"], []),
        ("牵头部门：市住建局；主要责任单位：市城管局", ["市住建局", "市城管局"], []),
    ],
)
def test_a_neutral_label_after_a_lead_label_names_neither_lead_nor_support(cell, departments, support):
    """牵头单位：A；责任单位：B — the 责任 units are neither lead nor support (a 责任单位 column beside a 牵头单位 column)."""
    who = split(cell)
    assert list(who.departments) == departments
    assert list(who.support) == support
    assert list(who.county_list) == (["利通区"] if "利通区" in cell else [])


@pytest.mark.parametrize(
    "cell, departments, support",
    [
        ("【牵头单位】市审批局【配合单位】市公安局、税务局", ["市审批局", "市公安局", "市税务局"],
         ["市公安局", "市税务局"]),
        ("【牵头单位】：市发改委、市财政局", ["市发改委", "市财政局"], []),
        ("【责任单位】市水务局", ["市水务局"], []),
    ],
)
def test_labels_in_square_brackets(cell, departments, support):
    who = split(cell)
    assert (list(who.departments), list(who.support)) == (departments, support)


@pytest.mark.parametrize(
    "cell, departments",
    [
        ("市住建局，吴忠经开区、太阳山开发区管委会", ["市住建局", "吴忠经开区管委会", "太阳山开发区管委会"]),
        ("高新区、经开区、综合保税区管理委员会", ["高新区管理委员会", "经开区管理委员会", "综合保税区管理委员会"]),
        ("滨河旅游度假区管委会、市文旅局", ["滨河旅游度假区管委会", "市文旅局"]),
        # a zone named alone, a separator ， before the committee: not shared
        ("吴忠经开区，市商务局、太阳山开发区管委会", ["吴忠经开区", "市商务局", "太阳山开发区管委会"]),
    ],
)
def test_one_committee_written_once_for_a_run_of_zones(cell, departments):
    assert list(split(cell).departments) == departments


@pytest.mark.parametrize(
    "cell, city, departments",
    [
        ("市商务局、泉州台\n商投资区管委会", "泉州市", ["市商务局", "泉州台商投资区管委会"]),
        ("市发改委、漳州开\n发区管委会", "漳州市", ["市发改委", "漳州开发区管委会"]),
        # the city's name and a whole unit name after it: no wrap to mend
        ("市财政局、吴忠海关\n市税务局", "吴忠市", ["市财政局", "吴忠海关", "市税务局"]),
    ],
)
def test_a_wrap_right_after_the_city_name_is_inside_a_name(cell, city, departments):
    assert list(split_cell(cell, city=city).departments) == departments


@pytest.mark.parametrize(
    "cell, departments, county_list",
    [
        ("市直各行\n政执法部\n门，各县\n（市、\n区）人民\n政府", [], WUZHONG),
        ("市公安局、市直各行\n政执法部门", ["市公安局"], []),
        ("市级各预算\n单位，市财政局", ["市财政局"], []),
        ("县级各行政执\n法部门、市司法局", ["市司法局"], []),
    ],
)
def test_a_group_of_a_level_wrapped_before_its_noun_is_one_group(cell, departments, county_list):
    got = split(cell)
    assert (list(got.departments), list(got.county_list)) == (departments, county_list)


@pytest.mark.parametrize(
    "cell, departments",
    [
        ("市住建局、航空智慧新城管委会", ["市住建局", "航空智慧新城管委会"]),
        ("市商务局、空港物流城管委会、市税务局", ["市商务局", "空港物流城管委会", "市税务局"]),
        # a committee of the city's own (管理委员会, 工委) still takes the prefix written once
        ("市委组织部、机关工委", ["市委组织部", "市机关工委"]),
        ("市住建局、城管委", ["市住建局", "市城管委"]),
    ],
)
def test_a_management_committee_names_its_own_place(cell, departments):
    assert list(split(cell).departments) == departments


@pytest.mark.parametrize(
    "cell, departments, support",
    [
        ("市住建局牵头，市自然资源局、市发改委配合；甲高新区管委会、乙经开区管委会负责本辖区落实",
         ["市住建局", "市自然资源局", "市发改委", "甲高新区管委会", "乙经开区管委会"], ["市自然资源局", "市发改委"]),
        ("市商务局牵头，市税务局配合，丙保税区管委会负责辖区内落实",
         ["市商务局", "市税务局", "丙保税区管委会"], ["市税务局"]),
        # a neutral run written first still follows the lead, the rest in the cell's order
        ("市财政局、市审计局按职责分工负责，市发改委牵头",
         ["市发改委", "市财政局", "市审计局"], []),
    ],
)
def test_a_neutral_mark_after_a_run_names_units_that_are_neither_lead_nor_support(cell, departments, support):
    got = split(cell)
    assert (list(got.departments), list(got.support)) == (departments, support)


def test_an_autonomous_county_by_its_place_name():
    counties = ["碧江区", "松桃苗族自治县", "印江土家族苗族自治县", "玉屏侗族自治县", "鄂温克族自治旗"]
    got = split("松桃、印江、\n玉屏、碧江", city="铜仁市", counties=counties)
    assert (got.departments, list(got.county_list)) == ((), ["松桃苗族自治县", "印江土家族苗族自治县", "玉屏侗族自治县",
                                                            "碧江区"])
    assert "鄂温克" not in county_aliases("鄂温克族自治旗")  # the people's name alone is no place name


@pytest.mark.parametrize("cell, departments", [
    ("市直各有关部门\n市税务局", ("市税务局",)),
    ("市发改委\n市直各有关部门\n市税务局", ("市发改委", "市税务局")),
    ("市审批局\n市民政局等相关部门\n市公安局", ("市审批局", "市民政局", "市公安局")),
    ("市财政局、各成员单位\n市人社局", ("市财政局", "市人社局")),
    ("市直各行\n政执法部门", ()),  # a group wrapped before its noun stays one group
])
def test_a_group_at_a_line_end_does_not_swallow_the_next_name(cell, departments):
    """A group is no unit ending, so the break after it was read as a wrap: 市直各有关部门市税务局 was one
    group and 市税务局 was lost (found by the fourth set's developer)."""
    got = split_cell(cell, city="石嘴山市", counties=CountyMatcher(["大武口区", "惠农区", "平罗县"], city="石嘴山市"))
    assert got.departments == departments


@pytest.mark.parametrize("cell, departments, counties", [
    ("市住建局、城市管理委员会、市税务局", ("市住建局", "市城市管理委员会", "市税务局"), ()),
    ("市城市管理局、城市管理委员会", ("市城市管理局", "市城市管理委员会"), ()),
    ("市住建局、灵武市人民政府", ("市住建局",), ("灵武市",)),
    ("市住建局、吴忠市利通区人民政府", ("市住建局",), ("利通区",)),
])
def test_a_common_word_ending_in_shi_is_no_county(cell, departments, counties):
    """城市管理委员会 is a unit: 城市 (one character before 市) was taken for a county-level city."""
    got = split_cell(cell, city="吴忠市", counties=CountyMatcher(["利通区", "红寺堡区"], city="吴忠市"))
    assert (got.departments, got.county_list) == (departments, counties)
