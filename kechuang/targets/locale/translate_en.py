"""Fill kechuang/targets/locale/en/LC_MESSAGES/django.po from the table below (after makemessages).

cd kechuang/targets && django-admin makemessages -l en --no-wrap --no-obsolete   # (PYTHONPATH=repo root)
python kechuang/targets/locale/translate_en.py && django-admin compilemessages -l en
"""

from __future__ import annotations

from pathlib import Path

PO = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "django.po"

EN = {
    "日期格式应为YYYY-MM-DD。": "Dates must be written YYYY-MM-DD.",
    "请提供有效的地区代码。": "Please give valid region codes.",
    "不足%(count)s家，不予公开": "Fewer than %(count)s organizations: not published",
    "为保护统计调查对象的信息，不予公开": "Not published, to protect the reporting organizations' data",
    "实际值不予公开": "The actual value is not published",
    "填报单位不存在。": "The reporting unit does not exist.",
    "目标与责任": "Targets and responsibilities",
    "规划": "Plan",
    "实施方案": "Implementation plan",
    "年度工作计划": "Annual work plan",
    "不低于目标": "At least the target",
    "不高于目标": "At most the target",
    "平台计算": "Computed by the platform",
    "单位填报": "Reported by the unit",
    "牵头单位": "Lead unit",
    "参加单位": "Participating units",
    "推进中": "In progress",
    "已完成": "Done",
    "已撤销": "Cancelled",
    "待审核": "Awaiting review",
    "已采纳": "Accepted",
    "已退回": "Returned",
    "到期提醒": "Deadline reminder",
    "逾期督办": "Overdue escalation",
    "编号": "No.",
    "指标": "Indicator",
    "单位": "Unit",
    "基期值": "Baseline",
    "目标值": "Target",
    "目标日期": "Target date",
    "实际值": "Actual",
    "序时目标": "Expected to date",
    "预测值": "Forecast",
    "完成进度": "Progress",
    "状态": "Status",
    "数据来源": "Source",
    "任务": "Task",
    "完成期限": "Deadline",
    "督办": "Escalation",
    "(逾期)": " (overdue)",
    "已督办": "Escalated",
    "指标完成情况": "Indicators",
    "%(year)s年度目标完成情况报告": "Target achievement report %(year)s",
    "截至": "As of ",
    "分地区": "By region",
    "重点任务": "Key tasks",
    "督办记录": "Supervision record",
    "日期": "Date",
    "类型": "Kind",
    "对象单位": "Unit",
    "内容": "Message",
    "填报单位": "Reporting unit",
    "截至日期": "As of",
    "完成值": "Value reached",
    "进展情况": "Progress",
    "证明材料": "Evidence",
    "采纳": "Accept",
    "退回": "Return",
    "审核结论": "Decision",
    "审核意见": "Review note",
    "定义不是有效的 YAML/JSON:%(error)s": "The definition is not valid YAML/JSON: %(error)s",
    "定义必须是一个映射(键: 值)。": "A definition must be a mapping (key: value).",
    "%(path)s:值 %(value)s 不符合字段 %(field)s 的类型 %(type)s。": "%(path)s: the value %(value)s does not fit the type %(type)s of field %(field)s.",
    "%(path)s:%(value)s 不是字段 %(field)s 的可选值(可选:%(choices)s)。": "%(path)s: %(value)s is not a choice of field %(field)s (choices: %(choices)s).",
    "%(path)s:where 必须是映射。": "%(path)s: where must be a mapping.",
    "%(path)s:模型 %(model)s 没有字段 %(field)s(可用:%(known)s)。": "%(path)s: model %(model)s has no field %(field)s (available: %(known)s).",
    "%(path)s:不支持的条件运算 %(operator)s(可用:in、gte、lte、isnull)。": "%(path)s: unsupported operator %(operator)s (available: in, gte, lte, isnull).",
    "%(path)s:in 需要一个非空列表。": "%(path)s: in needs a non-empty list.",
    "%(path)s:isnull 需要 true 或 false。": "%(path)s: isnull needs true or false.",
    "%(path)s:字段 %(field)s 不是数值或日期,不能比较大小。": "%(path)s: field %(field)s is neither a number nor a date and cannot be compared.",
    "%(path)s:必须是映射。": "%(path)s: must be a mapping.",
    "%(path)s:op 必须是 count、sum 或 ratio,而不是 %(op)s。": "%(path)s: op must be count, sum or ratio, not %(op)s.",
    "%(path)s:未知的键 %(keys)s。": "%(path)s: unknown keys %(keys)s.",
    "%(path)s:未知的模型 %(model)s(可用:%(known)s)。": "%(path)s: unknown model %(model)s (available: %(known)s).",
    "%(path)s:字段 %(field)s 不是数值,不能求和。": "%(path)s: field %(field)s is not numeric and cannot be summed.",
    "%(path)s:比率缺少 %(part)s。": "%(path)s: the ratio has no %(part)s.",
    "%(path)s:scale 必须是正数。": "%(path)s: scale must be a positive number.",
    "您无权读取 %(model)s 的数据。": "You may not read %(model)s data.",
    "您无权读取字段 %(model)s.%(field)s(%(label)s)。": "You may not read the field %(model)s.%(field)s (%(label)s).",
    "名称": "Name",
    "文号": "Document number",
    "发文机关": "Issuer",
    "主管部门": "Managing department",
    "负责考核本规划的部门,其工作人员可编辑和审核。": "The department that runs the plan; its officers edit it and review reports.",
    "地区": "Region",
    "印发日期": "Issued on",
    "起始日期": "Start",
    "截止日期": "End",
    "来源文件": "Source document",
    "原文": "Source text",
    "创建人": "Created by",
    "规划计划": "Plan",
    "截止日期必须晚于起始日期。": "The end must be after the start.",
    "指标名称": "Indicator name",
    "目标类别": "Goal group",
    "方向": "Direction",
    "基期日期": "Baseline date",
    "目标上限": "Target upper bound",
    "计算定义": "Metric definition",
    "原文表述": "Wording in the source",
    "排序": "Position",
    "同一规划中指标编号不能重复。": "Indicator numbers must be unique within a plan.",
    "目标日期必须晚于基期日期。": "The target date must be after the baseline date.",
    "计数类指标的目标值不能为负数。": "The target of a count cannot be negative.",
    "目标上限不能小于目标值。": "The upper bound cannot be below the target.",
    "平台计算的指标必须有计算定义。": "A computed indicator needs a metric definition.",
    "分解目标值": "Allocated target",
    "说明": "Note",
    "目标分解": "Target allocation",
    "分解目标必须且只能指定一个地区或一个单位。": "An allocation names exactly one region or one unit.",
    "该地区已有此指标的分解目标。": "This region already has an allocation of this indicator.",
    "该单位已有此指标的分解目标。": "This unit already has an allocation of this indicator.",
    "所属部分": "Section",
    "任务内容": "Task text",
    "相关指标": "Related indicators",
    "督办时间": "Escalated at",
    "同一规划中任务编号不能重复。": "Task numbers must be unique within a plan.",
    "填报人": "Submitted by",
    "审核人": "Reviewed by",
    "审核时间": "Reviewed at",
    "进展报告": "Progress reports",
    "进展报告必须且只能针对一个指标或一个任务。": "A progress report concerns exactly one indicator or one task.",
    "文件": "File",
    "文件名": "File name",
    "大小（字节）": "Size (bytes)",
    "报告附件": "Report attachment",
    "提前天数": "Days before",
    "负数表示已逾期的天数。": "Negative: days overdue.",
    "发送日期": "Sent on",
    "接收人数": "Recipients",
    "该提醒已发送。": "This reminder has been sent.",
    "数值": "Value",
    "记录时间": "Recorded at",
    "指标值快照": "Indicator value snapshot",
    "该日期的快照已存在。": "A snapshot for this date exists.",
    "目标考核": "Targets",
    "%(label)s必须是数字。": "%(label)s must be a number.",
    "目标值必须是数字。": "The target must be a number.",
    "分解目标值必须是数字。": "The allocated target must be a number.",
    "%(region)s不在规划地区%(plan_region)s的下级范围内。": "%(region)s is not below the plan's region %(plan_region)s.",
    "完成期限不能早于规划起始日期。": "The deadline cannot be before the plan's start.",
    "您不是%(unit)s的工作人员,不能以该单位名义填报。": "You are not an officer of %(unit)s and cannot report in its name.",
    "%(unit)s不是指标“%(name)s”的责任单位,不能填报。": "%(unit)s is not responsible for the indicator “%(name)s” and cannot report on it.",
    "%(unit)s不是任务“%(name)s”的责任单位,不能填报。": "%(unit)s is not responsible for the task “%(name)s” and cannot report on it.",
    "该指标由责任单位填报,请填写完成值。": "This indicator is reported by the responsible unit: please give the value reached.",
    "计数类指标的完成值不能为负数。": "The value of a count cannot be negative.",
    "请填写进展情况。": "Please describe the progress.",
    "截至日期不能早于规划起始日期。": "The as-of date cannot be before the plan's start.",
    "截至日期不能晚于今天。": "The as-of date cannot be after today.",
    "截至日期不能晚于规划截止日期。": "The as-of date cannot be after the plan's end.",
    "附件%(name)s超过20MB。": "The attachment %(name)s is larger than 20 MB.",
    "退回时请填写审核意见。": "Please give a reason when returning a report.",
    "任务“%(task)s”将于%(date)s到期(还有%(days)s天),请按期完成并报送进展。": "The task “%(task)s” is due on %(date)s (in %(days)s days): please complete it on time and report progress.",
    "任务“%(task)s”已于%(date)s逾期未完成，现予督办。牵头单位：%(lead)s。": "The task “%(task)s” was due on %(date)s and is overdue: escalated. Lead unit: %(lead)s.",
    "未指定": "not named",
    "提交审核": "Submit review",
    "暂无进展报告。": "No progress reports yet.",
    "填报进展": "Report progress",
    "提交进展报告": "Submit progress report",
    "责任单位": "Responsible unit",
    "全部": "All",
    "查看": "Show",
    "年度报告(Excel)": "Annual report (Excel)",
    "年度报告(PDF)": "Annual report (PDF)",
    "正常": "On track",
    "预警": "At risk",
    "滞后": "Behind",
    "无数据": "No data",
    "%(region)s · 截至%(on)s": "%(region)s · as of %(on)s",
    "填报": "reported",
    "完成进度与序时进度": "Progress and expected progress",
    "分地区完成情况": "Progress by region",
    "实际值 / 分解目标(红色为未达分解目标);分解合计后括号内为与总目标的差额;点击地区名称下钻。": "Actual / allocated target (red: below its allocation); after the allocation total, in brackets, the difference from the whole target; click a region to drill down.",
    "分解合计": "Allocated in total",
    "逾期": "Overdue",
    "待审核的进展报告": "Progress reports awaiting review",
    "无": "None",
    "序时进度": "Expected progress",
    "目标": "Target",
    "基期": "Baseline",
    "趋势": "Trend",
    "地区或单位": "Region or unit",
    "序时路径": "Straight path",
    "趋势预测": "Trend forecast",
    "本单位责任清单": "My unit's responsibilities",
    "期限": "Period",
    "暂无可查看的规划计划。": "No plans to show.",
    "查看责任清单": "Show responsibilities",
    "标记为%(s)s": "Mark as %(s)s",
    "暂无督办记录。": "No reminders or escalations yet.",
    "对象不存在或无权访问。": "Not found, or you may not see it.",
    "进展报告已提交,等待审核。": "Progress report submitted, awaiting review.",
    "审核结果已保存。": "Review saved.",
    "没有实际值": "No actual value",
    "已达到目标值": "Target reached",
    "截止日期已过,未达到目标值": "Deadline passed, target not reached",
    "未设定基期值": "No baseline set",
    "进度不低于序时进度": "On or ahead of the straight path",
    "落后于序时进度,但按趋势预计可按期完成": "Behind the straight path, but the trend reaches the target in time",
    "略落后于序时进度": "Slightly behind the straight path",
    "明显落后于序时进度,按趋势预计不能按期完成": "Well behind the straight path; the trend misses the target",
    "该地区未分解目标": "No target allocated to this region",
    "地区:%(region)s　截至:%(on)s　正常 %(green)s 项、预警 %(amber)s 项、滞后 %(red)s 项、无数据 %(grey)s 项;本年采纳进展报告 %(reports)s 份,督办 %(sup)s 次。": "Region: %(region)s  As of: %(on)s  On track %(green)s, at risk %(amber)s, behind %(red)s, no data %(grey)s; %(reports)s progress reports accepted and %(sup)s reminders/escalations this year.",
    "名称或文号": "Title or document number",
    "查找": "Search",
    "添加指标": "Add indicator",
    "保存": "Save",
    "指标已添加。": "Indicator added.",
    "YAML 或 JSON;留空表示由责任单位填报。": "YAML or JSON; leave empty for an indicator reported by the responsible unit.",
    "可用模型:organization、designation(有效资质)、designation_granted(当年新认定)、yearly_statistics、park,以及载体应用提供的 carrier、alliance。": "Models: organization, designation (held), designation_granted (granted in the year), yearly_statistics, park, and carrier, alliance from the carriers app.",
}
PLURALS = {
    "%(n)s 项指标": ("%(n)s indicator", "%(n)s indicators"),
    "%(n)s 项任务": ("%(n)s task", "%(n)s tasks"),
    "%(n)s 项逾期": ("%(n)s overdue", "%(n)s overdue"),
}


def _unquote(line: str) -> str:
    return line[line.index('"') + 1 : line.rindex('"')].replace('\\"', '"').replace("\\\\", "\\")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    lines = PO.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    msgid = None
    missing = []
    for line in lines:
        if line.startswith('msgid "'):
            msgid = _unquote(line)
            out.append(line)
        elif line.startswith('msgstr "') and msgid:
            if msgid not in EN:
                missing.append(msgid)
            out.append("msgstr " + _quote(EN.get(msgid, "")))
        elif line.startswith("msgstr[") and msgid:
            idx = int(line[7])
            out.append(f"msgstr[{idx}] " + _quote(PLURALS.get(msgid, ("", ""))[idx]))
        else:
            out.append(line)
    text = "\n".join(out) + "\n"
    text = text.replace("#, fuzzy\n", "", 1).replace(
        "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;", "Plural-Forms: nplurals=2; plural=(n != 1);"
    )
    PO.write_text(text, encoding="utf-8")
    if missing:
        print("untranslated:", *missing, sep="\n  ")


if __name__ == "__main__":
    main()
