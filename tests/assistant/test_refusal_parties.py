"""The owner rule of the refusal (a topic another department owns) does not fire on a question that names
departments as the parties of a collaboration: the departments are who quarrels, not what is asked."""

from __future__ import annotations

from assistant.parties import department_names, department_spans, names_parties
from assistant.refusal import Evidence, RefusalThresholds, decide, evidence_for, suggest_owner


def test_department_names_of_a_quarrel():
    assert department_names("仓储部让我们运输中心帮他们核对供应商的到货单，我们觉得不该我们做") == {"仓储部", "运输中心"}
    assert department_names("法务部和总经理办公室都说合同归档不归自己管") == {"法务部", "总经理办公室"}
    assert department_names("全部门都在内部吵，部分人不满") == set()
    assert department_names("我们共享给财务部的销售数据，被他们直接转给了采购部使用") == {"财务部", "采购部"}
    assert department_names("讨论我们和法务部的合同审核积压问题") == {"法务部"}
    assert department_names("Our HR team and procurement keep arguing; it is stuck") == {"hr", "procurement"}
    # a department named for its work, which jieba tags a verb (采购|中心, 调度|中心), is a name too (round 56)
    assert department_names("除了在系统里走调拨，还得去采购中心那边办登记吗？") == {"采购中心"}
    assert department_names("调度中心说车不够，审计部又来查账") == {"调度中心", "审计部"}
    assert suggest_owner("调拨的钢板还得去采购中心那边办登记吗？") is None and suggest_owner("采购的流程怎么走？") == "采购部"
    # a bare business word acting names its department too (round 56)
    assert department_names("门店报了缺货，采购那边最迟多久得给个说法？") == {"采购"}
    assert department_names("月底财务在结账") == {"财务"} and department_names("财务部的报销标准是多少？") == {"财务部"}
    assert not names_parties("财务部的报销标准是多少？")
    assert names_parties("Our finance team asked IT over WeChat")


def test_two_departments_are_parties_not_an_owned_topic():
    # 供应商 / 采购部 / 财务部 are owner topics; here they are what two departments quarrel about
    assert suggest_owner("采购部要我们信息技术部改一个供应商对账功能，两边都觉得该听自己的") is None
    assert suggest_owner("财务部和销售部每个月都把同一批回款数据各录一遍，吵了好几次，有没有正式渠道？") is None
    # one department asked about its own business keeps its owner
    assert suggest_owner("财务部的差旅费报销标准是多少？") == "财务部"
    assert suggest_owner("供应商招标要几家报名才有效？") == "采购部"


def test_owner_rule_does_not_refuse_a_collaboration_question():
    th = RefusalThresholds()
    question = "仓储部要我们采购部每天把供应商到货计划发给他们，我们觉得该由供应商直接发，两边僵住了，该听谁的？"
    ev = evidence_for(question, th.owner - 0.005, ["第十条 需求方应通过协作平台提交需求单，写明需求内容和期望完成时间。"])
    assert ev.owner is None
    strong_words = Evidence(best_dense=th.owner - 0.005, coverage=1.0, terms=ev.terms, owner=ev.owner)
    assert not decide(strong_words, th).refused
    # off-topic owner questions are still refused below the owner limit
    leave = evidence_for("采购部员工每年有几天年假？", th.owner - 0.005, ["第十条 需求方应通过协作平台提交需求单。"])
    assert leave.owner == "人力资源部"
    assert decide(Evidence(best_dense=th.owner - 0.005, coverage=1.0, terms=leave.terms, owner=leave.owner), th).refused


def test_one_department_and_the_askers_own_unit_are_parties():
    """"财务部…用微信发给了我们部门": a department acting on the asker's unit is a collaboration, not a finance question."""
    assert names_parties("财务部直接用微信把还没公开的季度财务数据发给了我们部门，这样发到底行不行？")
    assert suggest_owner("我们组里一个专员给法务部提了合同模板修改的需求单，法务部说不受理，到底谁对？") is None
    assert suggest_owner("我们项目需要人力资源部的员工薪酬数据做分析，他们一直不给，怎么办？") is None
    # the asker alone ("我们") or the own unit without another department is no collaboration
    assert suggest_owner("我们去财务部报销差旅费要带什么材料？") == "财务部"
    assert suggest_owner("我们部门的年假怎么算？") == "人力资源部"


def test_the_own_unit_and_its_distance_are_the_callers_one_rule_serves_all():
    """``names_parties`` is the one test of "two parties named": the refusal's own-unit words by default, the
    scenario's narrower "我们…部门" and, for a quarrel, the own unit right after the named department."""
    import re

    ours = re.compile(r"我们[\u4e00-\u9fff]{0,4}?(?:部门|团队)")
    near = "物流部跟我们仓储部吵起来了，我该怎么办？"
    far = "物流部这个月已经把同一批到货单退回了三次，每次都说格式不对，也不说清楚哪里不对，现在我们部门很被动，怎么办？"
    assert names_parties(near, ours, 30) and names_parties(far, ours)
    assert not names_parties(far, ours, 30)  # the own unit too far after the name: no quarrel of the two
    assert names_parties("我们项目需要人力资源部的数据") and not names_parties("我们项目需要人力资源部的数据", ours)
    assert not names_parties("Finance asked our team, what should we do?", ours, 30)  # an English name has no window


def test_a_dispute_with_one_named_department_has_no_owner_either():
    # one department named, the other party is "我们": the contract / the server is the setting, the escalation the ask
    story = "我们跟法务部为一份合同的审核拖了快三周，几次催问都说在排队，我该怎么办？能直接找他们领导吗？"
    assert suggest_owner(story) is None
    assert suggest_owner("Legal has sat on our contract review for weeks and they blame us for the delay; what should we do?") is None
    # the same topic asked as that department's own business keeps its owner
    assert suggest_owner("合同审核一般要多久？") == "法务部"
    th = RefusalThresholds()
    ev = evidence_for(story, th.owner - 0.005, ["第八条 服务方应在收到协作需求单后1个工作日内作出响应。"])
    assert not decide(Evidence(best_dense=ev.best_dense, coverage=0.0, terms=ev.terms, owner=ev.owner), th).refused


def test_a_department_name_starts_on_a_word_not_mid_story():
    """The one finder (``department_spans``) cuts names where jieba's words start, so the word before a name stays
    the story's: "周三例会上采购部" names 采购部 (the character rule read "会上采购部")."""
    assert department_names("周三例会上采购部说下周给我们报价，到现在也没消息") == {"采购部"}
    assert department_names("我调岗以后在系统里还能看到质检部的检验记录，这样行吗？") == {"质检部"}
    assert department_names("这件事市场部说不归他们管，最后拍板由人事部来定") == {"市场部", "人事部"}
    assert department_names("昨天开会时运营中心答应周五前给数据") == {"运营中心"}  # 时 is the story's, not the name's
    text = "上个月从客服部调到市场部的小王还能看客服部的工单"
    assert department_names(text) == {text[a:b] for a, b in department_spans(text)} == {"客服部", "市场部"}


def test_one_department_written_twice_is_one_party():
    """A story naming one department twice ("例会上采购部…可采购部…") has one party, not two misread ones."""
    story = "周三例会上采购部说下周把新供应商的报价发给我们，可采购部到现在也没消息，怎么办？"
    assert not names_parties(story)
    assert suggest_owner(story) == "采购部"  # 供应商 with no second party: the topic's owner stands


def test_the_asker_paired_with_a_department_is_the_second_party():
    """"我们和法务部为…" sets the asker's side beside a department as its equal: two parties, no owned topic;
    "我们去财务部报销…" is the asker going to that department about its business."""
    assert names_parties("我们和法务部为合同模板的版本意见不一，这种情况怎么处理？")
    assert suggest_owner("我们和法务部为合同模板的版本意见不一，这种情况怎么处理？") is None
    assert suggest_owner("我们与财务部为预算分摊的事闹到了协调委员会，可财务部负责人自己就是委员，这种情况怎么处理？") is None
    assert suggest_owner("我们去财务部报销差旅费要带什么材料？") == "财务部"
    assert suggest_owner("我们和各部门的预算编报截止到哪天？") == "财务部"  # 各部门 names no department


def test_a_story_against_one_department_is_not_refused_as_its_business():
    """Below the owner limit, a story of the asker against one department (named twice, once after 可) keeps its
    answer: 合同 is what the two quarrel over, not a question for 法务部."""
    th = RefusalThresholds()
    story = "我们和法务部为合同审核的排期已经报到分管副总那里了，可法务部的负责人正好陪同汇报，我们怕结论偏向他们，这种情况怎么处理？"
    ev = evidence_for(story, th.owner - 0.005, ["第二十条 与争议事项有利害关系的人员不得参与裁决。"])
    assert ev.owner is None
    assert not decide(Evidence(best_dense=ev.best_dense, coverage=1.0, terms=ev.terms, owner=ev.owner), th).refused


def test_a_department_name_is_who_acts_not_the_owned_topic():
    """The owner rule reads topic words outside the department names: "我作为采购部的主管…" names who asks, not a
    purchasing topic, so a manager's story of one department is no other department's business; "采购部的供应商名录…"
    asks about 供应商 and keeps its owner."""
    story = "这个月我们采购部被别的部门投诉了三次，我作为采购部主管该先做什么？"
    assert suggest_owner("我作为采购部主管该先做什么？") is None
    assert suggest_owner(story) is None
    th = RefusalThresholds()
    ev = evidence_for(story, th.owner - 0.005, ["第十二条 协作方对服务质量有异议的，可以向服务方负责人提出。"])
    assert not decide(Evidence(best_dense=ev.best_dense, coverage=1.0, terms=ev.terms, owner=ev.owner), th).refused
    assert suggest_owner("采购部的供应商名录在哪里能查到？") == "采购部"
    assert suggest_owner("财务部的差旅费报销标准是多少？") == "财务部"
