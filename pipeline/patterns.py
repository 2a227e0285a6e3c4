"""Every regular expression of the pipeline, each with an example it matches.

Texts reach these patterns cleaned (``pipeline.read.clean``): full-width
digits, letters and brackets are ASCII, so ``(一)`` stands for （一） too.
"""
from __future__ import annotations

import re

from zhon import hanzi

CN_DIGITS = "〇零一二三四五六七八九十百千两○"
CN_NUM = rf"[{CN_DIGITS}]+"

# ---------------------------------------------------------------- numbering
# Numbering families, ranked as GB/T 9704 orders them: 一、 > (一) > 1. > (1).
# Each pattern matches the number at the start of a line or paragraph.
HEADING_FAMILIES = (
    # 一、总体目标 | 二十七、强化宣传引导 (also 一. and 一,)
    (1, re.compile(rf"^(?P<num>{CN_NUM})\s*[、.,，]\s*")),
    # (一)推进工业绿色升级。 | ㈠ enclosed ideographs
    (2, re.compile(rf"^\(\s*(?P<num>{CN_NUM})\s*\)\s*|^(?P<enc>[\u3220-\u3229])\s*")),
    # 1.努力实现… | 12、加强… (not 1.5亿, not 2022年)
    (3, re.compile(r"^(?P<num>\d{1,3})\s*(?:[.、,，](?!\d)|\s)\s*")),
    # (1)严格准入 | 1)严格准入 | ①
    (4, re.compile(r"^\(?\s*(?P<num>\d{1,3})\s*\)\s*|^(?P<enc>[\u2460-\u2473])\s*")),
)
# 第一章　总则 | 第二节 | 第十二条【资金支持】 | 第三条　为了… : articles of a regulation, a family of
# their own (ranked above 一、), kept apart from the numbered outline
ARTICLE = re.compile(rf"^第\s*(?P<num>{CN_NUM}|\d{{1,3}})\s*(?P<kind>章|节|条)\s*")
ARTICLE_TITLE = re.compile(r"^[【\[](?P<title>[^】\]]{1,30})[】\]]")
# the heading's title ends at 。 (or ；!?), at a colon that comes before any comma
TITLE_END = re.compile(r"[。；;!?！？]")
TITLE_COLON = re.compile(r"[:：]")
TITLE_COMMA = re.compile(r"[,，]")

# ---------------------------------------------------------------- document numbers
# 天政发〔2022〕23号 | 甘政发[2021]62号 | 国办发„2009‟3号 | 穗埔府规〔2025〕12 号 | 发改地区[2016]2664号
DOC_NUMBER = re.compile(
    r"(?P<agency>[\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（【„‟]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】‟”\"]\s*"
    r"(?P<serial>\d{1,5})\s*[号號]"
)
# the bracketed year and serial that every 发文字号 has: 〔2022〕23号 (found first, then the 机关代字 before it)
DOC_NUMBER_CORE = re.compile(
    r"[〔\[［(（【„‟]\s*(?:19|20)\d{2}\s*[〕\]］)）】‟”\"]\s*\d{1,5}\s*[号號]"
)
# a 发文字号 with its year written out, no brackets: 商服贸函2026年第322号 | 交通运输部令2026年第10号
DOC_NUMBER_YEAR = re.compile(
    r"(?P<agency>[\u4e00-\u9fff]{1,12}?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<serial>\d{1,5})\s*[号號]"
)
# a line that is only a document number, perhaps in brackets: （余府发〔2012〕3号） | 商服贸函2026年第322号
DOC_NUMBER_LINE = re.compile(rf"^[(（]?\s*(?:{DOC_NUMBER.pattern}|{DOC_NUMBER_YEAR.pattern.replace('?P<', '?P<y_')})\s*[)）]?$")

# a 发文字号 in brackets after the title on its line, or with the date beside it:
# …的通知(岳办发〔2017〕2号) | (宁政办发〔2001〕99号 2001年5月29日)
NUMBER_TAIL = re.compile(rf"\s*[(（]\s*(?P<number>{DOC_NUMBER.pattern})(?P<date>\s*[^()（）]{{0,16}}日)?\s*[)）]\s*$")

# a 发文字号 run into the title after it: 梁政发【2023】7号关于印发…的通知 | 京政办发〔2016〕26号《…的通知》
NUMBER_HEAD = re.compile(rf"^(?P<number>{DOC_NUMBER.pattern})\s*(?=[\u4e00-\u9fff《])")
# a title in book marks on its own line: 《北京市人民政府办公厅关于印发〈…〉的通知》
BOOK_TITLE_LINE = re.compile(r"^《[^《》]+(?:〈[^〈〉]*〉[^《》]*)*》$")

# a 命令 (令) head: 中华人民共和国国务院令 | 广西壮族自治区人民政府令 第116号, its number on the line or the next
ORDER_MARK = re.compile(r"^(?P<issuer>[\u4e00-\u9fff]{2,30}?)令\s*(?P<number>第\s*\d{1,5}\s*[号號])?$")
ORDER_NUMBER = re.compile(r"^第\s*\d{1,5}\s*[号號]$")

# a bracketed 发文字号 that opens a line run on into the next element: (新政发〔1994〕103号)伊犁哈萨克自治州,
BRACKETED_NUMBER_HEAD = re.compile(rf"^[(（]\s*(?P<number>{DOC_NUMBER.pattern})\s*[)）]\s*(?=\S)")
# a document type word inside a line: 土地整治办法 | 管理条例
DOC_TYPE_WORD = re.compile(r"办法|条例|规定|细则|规则|决定")

# ---------------------------------------------------------------- dates
# 2022年4月26日 | 二〇二二年四月二十六日 | 二○一二年一月九日 | 2022 年 4 月 26 日
DATE = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}|[{CN_DIGITS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{CN_DIGITS}]{{1,4}})\s*日"
)
DATE_LINE = re.compile(rf"^{DATE.pattern}$")
# an order's signature: the office and the person (自治区主席 陈 武 | 总理李鹏 | 省长 张某某)
SIGNER_LINE = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,6}(?:主席|总理|省长|市长|县长|区长|州长|旗长|盟长|行政长官))\s*[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3}$"
)
# a page's breadcrumb: > 政务公开 > 工作报告 | 首页>地方频道>金华>要闻 | 当前位置:首页 >> 专题专栏
BREADCRUMB = re.compile(r"(?:^|\S\s*)(?:>>?|»|›)\s*\S+.*(?:>>?|»|›)|^\s*(?:>>?|»|›)\s*\S")
# a date line whose 年/月 a page lost, month and day run together: 2023925日 | 2021年920 | 20151214
DAMAGED_DATE_LINE = re.compile(r"^(?P<y>(?:19|20)\d{2})\s*年?\s*(?P<md>\d{2,4})\s*日?$")
# (2023年12月29日) under a title: the date a 意见/决定 was adopted, in brackets
DATE_PAREN_LINE = re.compile(rf"^[(（]\s*{DATE.pattern}[^()（）]{{0,30}}[)）]$")
# 某市人民政府办公室  2023年5月6日: the signature and the date on one line
SIGNED_DATE = re.compile(rf"^(?P<sig>[^\d，,。；;:：]{{2,40}}?)\s*{DATE.pattern}$")
# 2022-04-26 | 2022/4/26 | 2022.04.26 (web page panels)
ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")

# ---------------------------------------------------------------- GB/T 9704 elements
# 天水市人民政府文件 | 中共××市委办公室 ××市人民政府办公室文件
ISSUER_MARK = re.compile(r"^(?P<issuer>[^\d]{2,60}?)\s*文件$")  # no organ's name has a digit: 2026年中央一号文件 is a label
# 各县区人民政府,经开区管委会,市政府有关部门,驻市有关单位:
ADDRESSEE_LINE = re.compile(r"^(?P<list>[^。；;!?！？]{2,200}?)[:：]$")
ADDRESSEE_SPLIT = re.compile(r"[,，;；]")
# 份号, 密级和保密期限, 紧急程度, 签发人 lines above the title: 000123 | 机密★1年 | 特急 | 签发人:张三
SECURITY_LINE = re.compile(
    r"^(?:(?P<copy>\d{6})|(?P<secret>(?:绝密|机密|秘密)(?:★.{0,8})?)|(?P<urgent>特急|加急|特提|平急)"
    r"|签发人[:：]\s*(?P<signer>.{1,20}))$"
)
# a damaged number line that still starts like one: 亳政办〔20251 | 国办发„2009‟3 号
DOC_NUMBER_LOOSE = re.compile(r"^[\u4e00-\u9fff]{1,10}\s*[〔\[［(（【„]\s*\d{2,4}[^\u4e00-\u9fff]{0,6}[号號]?$")
# 版记: 抄送：省委办公厅，省人大常委会办公厅。 | 某市人民政府办公室  2022年4月26日印发
COPY_TO = re.compile(r"^抄\s*送\s*[:：]\s*(?P<list>.+?)[。.]?$")
PRINTED = re.compile(rf"^(?P<by>.{{2,40}}?)\s*(?P<date>{DATE.pattern})\s*印\s*发$")
# a web page's information panel: 标题：… | 发文机关：… | 发文字号：… | 成文日期：…
# 附件:天水市…责任清单 | 附件：1.xxx | 附件 2 | 附件1:
ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*(?P<num>\d{0,2})\s*[:：]\s*(?P<rest>.*)$")
# 附件 | 附件1 | 附件2: (the mark that opens an attachment, alone on its line)
ATTACHMENT_MARK = re.compile(r"^附\s*件\s*(?P<num>\d{0,2})\s*[:：]?$")
# 《2022年重点任务分解表》(附件2): an attachment named where the text refers to it
ATTACHMENT_REF = re.compile(r"《(?P<title>[^《》]+)》\s*[(（]\s*(?:详见|见)?附件\s*\d{0,2}\s*[)）]")
# 1.天水市… | 2、… (numbered titles of several attachments)
ATTACHMENT_ITEM = re.compile(r"^(?P<num>\d{1,2})\s*[.、．]\s*(?P<title>.+)$")
# (此件公开发布) | （此件主动公开） | 此件公开发布 | 公开方式：主动公开 | (信息公开形式：主动公开)
NOTE_LINE = re.compile(
    r"^[(（]?(?P<note>此件[^()（）:：]{1,20}|[^()（）:：]{0,20}(?:公开发布|主动公开|不予公开|依申请公开)"
    r"|(?:信息)?公开(?:方式|形式)\s*[:：]\s*(?:主动公开|依申请公开|不予公开|公开发布))[)）]?$"
)
# a title line ends in the genre's document type: …的通知 | …实施方案 | …意见
DOC_TYPE_END = re.compile(
    r"(?:通知|意见|决定|方案|办法|规定|通报|批复|报告|函|公告|通告|纪要|细则|规划|计划|要点|措施|表|名录|名单|"
    r"条例|规则|纲要|指南|清单|目录|标准|要求|安排|决议|命令|令|公报|议案|请示|复函|政策)"
    r"(?:[)）]|[(（][^()（）]{1,20}[)）])?$"
)
# 天水市人民政府印发关于… | 国务院办公厅关于… : an issuer named at the head of a title
TITLE_ISSUER = re.compile(r"^(?P<issuer>.{2,40}?)(?:关于|印发|转发|批转)")
# the name of an organ: ends in a government suffix
ORGAN_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部|署|院|会|中心|办|总局|管委会|工作委员会|党委|党组|政府办)$"
)
# a colon or a bar, which no title line holds (key: value lines, file names): 发布日期：2022-04-26 | 方案.doc|12KB
COLON_OR_BAR = re.compile(r"[:：|]")
# a 主送机关 list wraps after a separator: 国务院各部委、 | 各县区人民政府，
ADDRESSEE_WRAP = re.compile(r"[、，,;；]$")
# quotes and book-title marks never stand in an addressee list: “十年禁渔” | 《方案》
QUOTE_OR_BOOK_MARK = re.compile(r"[“”《》]")
# a collective addressee: 各有关单位 | 有关部门 | 所属单位 | 直属机构
COLLECTIVE_WORD = re.compile(r"各|有关|所属|直属")
# people a speech or report is addressed to, not organs: 各位代表 | 同志们 | 各位委员
SALUTATION = re.compile(r"代表|委员|同志|朋友|来宾|嘉宾|女士|先生")
# a title that opens with its verb, no issuer before it: 关于… | 印发… | 转发… | 批转…
TITLE_OPENER_START = re.compile(r"^(?:关于|印发|转发|批转)")
# a title line that ends with its verb, the subject on the next line: 鹤岗市人民政府鹤岗市中级人民法院印发 | 自治区人民政府关于
TITLE_VERB_END = re.compile(r"(?:关于|印发|转发|批转)$")
# a title's qualifier on a line of its own: (2021—2025年) | (试行) | (2024年修订) | (征求意见稿)
TITLE_QUALIFIER = re.compile(r"^[(（]\s*(?:(?:19|20)\d{2}\s*[-—–~至]\s*(?:19|20)\d{2}\s*年|[^()（）]{0,8}(?:试行|修订|暂行|草案|征求意见稿))\s*[)）]$")
# the verb that opens a title's subject, anywhere in a line: 天水市人民政府关于… | 国务院办公厅转发…
TITLE_OPENER = re.compile(r"关于|印发|转发|批转")
# two or more spaces between joint signatures on one line: 天水市人民政府  天水军分区
WIDE_SPACE = re.compile(r"\s{2,}")
# spaces and colons dropped from a panel key: 发文 字号： → 发文字号
PANEL_KEY_NOISE = re.compile(r"[\s:：【】\[\]]")
# spaces and brackets ignored when a panel value is compared: 《关于…的通知》 | 甘政发〔2021〕62号 | (试行)
COMPARABLE_NOISE = re.compile(r"[\s《》〔〕\[\]()（）]")
# what a damaged 发文字号 may have lost: its brackets, spaces, 号 (亳政办〔20251 ~ 亳政办〔2025〕1号)
DOC_NUMBER_NOISE = re.compile(r"[\s〔〕\[\]［］()（）【】„‟号號]")

# ---------------------------------------------------------------- citations
# the bracket between a cited title and its number: 《…》(甘政发〔2021〕62号)
GAP_TO_NUMBER = re.compile(r"^\s*[(（]?\s*")
# words that cannot open a 机关代字 (they end the sentence before it): 根据国办发… → 国办发…
AGENCY_NOISE = re.compile(r"^.*?(?:的|和|及|与|以|按照|根据|依据|依照|遵照|贯彻|落实|文件|通知|精神|印发|转发)")
# the document a 印发/转发 notice issues: …印发《X》的通知 | …印发X的通知
ISSUED_DOC = re.compile(r"(?:印发|转发|批转)《?(?P<doc>[^《》]+?)》?的?(?:通知|意见)$")
# the document a 转发/批转 notice passes on (another's, unlike a plan it 印发): …关于转发《X》的通知
FORWARDED_DOC = re.compile(r"(?:转发|批转)《?(?P<doc>[^《》]+?)》?的?(?:通知|意见)$")
# a sentence that issues what it names: 现将《X》印发给你们 | 《X》…现印发给你们
ISSUING_SENTENCE = re.compile(r"印发给你们|印发你们|现印发|现予印发|转发给你们|现转发|印发给各")
# a short form the notice defines: (以下简称《方案》)
SHORT_FORM = re.compile(r"简称\s*$")
# 《甘肃省排污许可管理实施细则(试行)》, with nested 〈〉 or 《》 inside
BOOK_TITLE = re.compile(r"《(?P<title>(?:[^《》]|《[^《》]*》)+)》")
# the issuing formula: 现将《…》印发给你们 | 印发《…》的通知
ISSUING = re.compile(r"(?:现将|现把|将)《(?P<title>[^《》]+)》(?:印发|转发|发)")
# what ends the clause a citation's cue words are looked for in: 为贯彻《…》精神，现… | …同时废止。
CLAUSE_ENDS = "，,。；;\n"
# spaces and title marks dropped from a citation key: 《关于… 的通知》 | 〈方案〉 | <办法>
CITATION_KEY_NOISE = re.compile(r"[\s《》〈〉<>]")

# ---------------------------------------------------------------- tables
# a cell separator of a table written as text: 1 | 推进改革 | 市财政局 (or a TAB)
CELL_SEP = re.compile(r"[|\t]")
# the first header cell of a table flattened to one cell a line: 序号 | 序 号 | 编号
FLAT_HEADER_NO = re.compile(r"^(?:序\s*号|编\s*号)$")
# a further header cell on its own line: 主要工作任务 | 责任单位 | 进展情况 | 完成时限 (short, no sentence)
FLAT_HEADER_CELL = re.compile(r"^[^\d\s,，。；;:：、()（）]{2,12}$")
# something in a line besides separators and spaces: 1 | 推进改革 (not " | | ")
CELL_CONTENT = re.compile(r"[^|\t\s]")
# 序号 | 重点任务 | 责任单位 | 牵头单位 | 配合单位 | 完成时限 (header cells by role)
HEADER_ROLES = (
    ("no", re.compile(r"^(?:序号|编号|序|No\.?)$", re.I)),
    ("division", re.compile(r"处室|科室|内设机构")),  # 市卫健委内牵头处室: a bureau's own division
    ("leader", re.compile(r"领导|责任人|联系人")),  # 责任领导: a person, not a unit
    ("lead", re.compile(r"牵头(?:单位|部门)?$|^主办|^主责")),
    ("support", re.compile(r"^(?:配合|协办|参与|协助)(?:单位|部门)?$")),
    ("responsible", re.compile(r"^(?:责任|承办|实施|负责)(?:单位|部门|主体)")),
    # a column that reports, not assigns: 进展情况 | 完成情况 | 工作评价 | 备注
    ("note", re.compile(r"^备\s*注$|进展|完成情况|落实情况|工作评价")),
    ("deadline", re.compile(r"时限|时间|期限|完成时|进度")),
    ("task", re.compile(r"任务|事项|内容|措施|工作|举措|目标|项目")),
    ("group", re.compile(r"^(?:领域|类别|分类|板块|方面|序列)$")),
)
TASK_NO = re.compile(r"^\d{1,4}$")  # a 序号 cell: 1 | 109
# what separates the names of a unit list (outside brackets): 市工信局、市财政局 | 市发展改革委,市住建局
UNIT_SEPARATORS = "、,，;；/"
# a bare place before a shared suffix: 黄埔区、天河区人民政府 | 相关市、县政府
BARE_PLACE = re.compile(r"^(?!.*(?:开发区|新区|园区|景区|保税区)$)(?:各|相关|有关)?[\u4e00-\u9fff]{1,6}?[省市县区州旗盟镇乡]$")
GOVERNMENT_END = re.compile(r"(?:人民政府|政府|党委|委员会)$")
# 市司法局等相关部门 | 各县区等有关单位
AND_OTHERS = re.compile(r"等(?:相关|有关|其他|各)?(?:部门|单位|机构)?$")
# a cell that says "nothing": / — - 无
EMPTY_CELL = re.compile(r"^[/／—\-–无\s]*$")

# ---------------------------------------------------------------- targets
# a year in digits or in Chinese numerals read digit by digit: 2025 | 二〇二五 | 二○○五 | 一九九八
YEAR_NUM = r"(?:(?:19|20)\d{2}|(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2})"
# 到2025年 | 到 2025 年底 | 力争到2025年 | 2022年10月底前 | 至2035年 | 2020年左右 | 在2030年前 | 到二〇二五年
YEAR_MARK = re.compile(
    rf"(?:(?:力争|确保)?(?:到|至|(?<![关对])于|截至)\s*(?P<y1>{YEAR_NUM})\s*年(?:底|末)?(?:前)?"
    rf"|(?P<y2>{YEAR_NUM})\s*年(?:\d{{1,2}}月)?(?:(?:\d{{1,2}}日)?(?:底|末)?前|左右)"
    # 2023年达到80%、力争2035年达到95%: a year right before its goal verb
    rf"|(?:力争|确保)?(?P<y3>{YEAR_NUM})\s*年(?:底|末)?(?=\s*(?:要|将|应)?(?:达到|达|实现|完成|建成|突破|超过|不低于|不少于|基本|全面|力争)))"
    # 力争2025年每千常住人口基层卫生人员数不低于3.5人: after 力争 a year is the goal's, whatever follows
    rf"|(?:力争|确保)(?P<y4>{YEAR_NUM})\s*年(?:底|末)?"
)
# a percentage or a multiple in words, read as a figure: 百分之三十 (30%) | 翻一番 (1 番) | 两成 (2 成)
PERCENT_WORDS = re.compile(r"百分之(?P<n>[" + CN_DIGITS + r"]{1,4}(?:点[" + CN_DIGITS + r"]{1,3})?)")
# the year a sentence opens with, after a bullet, a label or a filler: 到2025年, | 2022年, | --到2015年 |
# 具体指标:到2017年, | 力争到2025年底 | (一)到2025年
SENTENCE_YEAR = re.compile(
    r"\s*(?:[-—–·●•]+\s*)?(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.]\s*)?(?:[\u4e00-\u9fff]{2,8}[:：]\s*)?"
    rf"(?:力争|确保|争取|预计)?(?:到|至|在)?\s*(?P<y>{YEAR_NUM})\s*年(?:底|末)?(?:前)?\s*(?:[,，:：]|(?=力争|要|将))"
)
# a sentence that reports what was, not what shall be: 截至2020年底 | 已减少到107万人 | 预计全年…突破 | 同比增长
PAST_RESULT = re.compile(r"截至|截止|(?<![而并])已(?:经)?(?!有的)|预计|同比|比上年|上年度?(?:增长|下降)|去年|完成了|实现了")
# a goal with no number that still marks a milestone: 达峰, 达到…水平, 建成…, 编制并公布…
MILESTONE = re.compile(
    r"达峰|峰值|达到[^,，。；]*?(?:水平|要求|标准|目标)|建成|建立|编制|公布|出台|全覆盖|清零|消除|淘汰|关停"
)
# vague aims (明显优化, 显著提升, 得到更好保障) are not milestones
VAGUE = re.compile(r"明显|显著|不断|持续|大幅|更加|更好|有效|逐步|初步|稳步|新台阶|广泛|良好|进一步")
# a reporting deadline is not a goal: 于2月10日前报送… | 报市政府督查室
REPORTING = re.compile(r"报送|上报|报告|报(?:市|省|县|区|国务院)|反馈|备案")
# 较2020年下降11% | 比2015年下降19.5%
BASELINE = re.compile(r"(?:较|比|相比|与)\s*(?P<y>(?:19|20)\d{2})\s*年(?:相比|比)?")
# a figure, taken whole from the start of its run of digits or numerals (never from its middle:
# 2,000 digits in a row must not cost 2,000 attempts of 2,000 steps): 11 | 6.2 | 五千 (a numeral
# gives back its last characters to a unit: 五千瓦 is 五 千瓦)
NUMBER = (r"(?P<v>(?<![\d.])\d++(?:\.\d++)?|(?P<cn>(?<![" + CN_DIGITS + r"万亿])[" + CN_DIGITS + r"万亿]{1,20}))")
# quantity units, the longest first; a magnitude may stand before a measure word (12万个, 1.5亿元)
MEASURES = ("个百分点", "百分点", "吨标准煤", "千瓦时", "千伏安", "万千瓦", "千瓦", "兆瓦", "平方公里", "平方米", "立方米",
            "微克/立方米", "微克每立方米", "毫克/立方米", "个工作日", "工作日",
            "公里", "千米", "标准箱", "人次", "个", "家", "人", "名", "亩", "吨", "元", "户", "座", "条", "项", "所",
            "处", "台", "辆", "套", "件", "批", "张", "次", "天", "倍", "株", "头", "只", "公顷", "千克", "架", "艘",
            "栋", "间", "块", "床", "场", "篇", "支", "米", "斤", "本", "口", "层", "类", "番", "成", "Tbps", "Gbps", "Mbps", "PFLOPS",
            "EFLOPS", "ms", "GW", "MW", "kW", "TB", "PB")
UNIT = ("(?P<u>(?:[万亿千](?:" + "|".join(map(re.escape, MEASURES)) + "))|"
        + "|".join(map(re.escape, MEASURES)) + "|[万亿]|%)")
# 达到35%以上 | 达80%以上 | 不低于90% | 控制在5%以内 | 下降11% | 增长6.2%左右 | 超过五千亿
# (a masked clause is mostly spaces: a match never starts on one, and the spaces before
# the number are possessive, \s*+, else a long blank took cubic time)
QUANTITY = re.compile(
    r"(?!\s)(?:(?P<acc>累计|年均|共|总计|合计)\s*+)?"
    r"(?P<verb>达到|达|不得超过|不得高于|不应超过|不大于|超过|高于|不低于|不少于|不高于|不超过|至少|控制在|保持在|稳定在|提高到|提升到|提高至|提升至|"
    r"增加到|增加至|增长到|降低至|降低到|下降至|下降到|减少至|减少到|降至|降到|压缩至|压缩到|缩短至|缩短到|"
    r"下降|降低|减少|增长|提高|提升|增加|新增|突破|超|大于|小于|≥|≤|>=|<=|翻)?"
    r"\s*+(?:约)?"
    r"\s*+(?:有|为)?\s*+"
    + NUMBER + r"\s*(?:%\s*)?(?:[-—~～至到]\s*(?P<v2>\d+(?:\.\d+)?))?\s*" + UNIT + r"(?!性)"
    + r"(?P<bound>以上|及以上|以下|以内|左右|之内)?(?P<grade>级)?"
)
# a plan's action before its figure makes the figure a goal: 投资3000万元建设… | 建设3个劳动密集型产业园 |
# 区级财政安排4000万元 | 今明两年投资530亿元 | 淘汰50家企业落后产能 | 推动潞讯精密电子30条生产线投产
ACTION_BEFORE = re.compile(
    r"(?P<act>投资|投入|安排|整合|筹集|建设|新建|建成|改建|扩建|改扩建|新改扩建|实施|推动|淘汰|整治|培育|打造|引进|招引|"
    r"创建|举办|培训|发放|取得|招聘|开工|竣工)(?P<gap>[^，,；;。:：的和与及、]{0,10})$"
)
# what stands between two figures an action shares: 实施16个乡镇卫生院、158个村卫生室 (a noun and a 、)
ACTION_LIST_GAP = re.compile(r"\s*[\u4e00-\u9fff]{0,12}[、和及与]\s*")
# a service standard per person: 为每名困难毕业生推荐3个以上 (每个村至少有一名 is a goal's coverage)
PER_BENEFICIARY = re.compile(r"为每(?:名|人|户|位|个|家)")
# a sentence that details the goal before it: 其中:早稻3万亩,中稻27万亩
DETAIL_LEAD = re.compile(r"\s*其中\s*[:：,，]?")
# a rule as a rule, not a goal: 原则上不低于80%
AS_A_RULE = re.compile(r"原则上")
# a figure per unit: 每引进1名人才 | 每培育1家 | 每名困难毕业生
PER_UNIT = re.compile(r"每[\u4e00-\u9fff]{0,4}$")
# a share of what a goal covers: 100%的县级以上城市建成… | 预留30%的号源 | 加强15%的中医馆内涵建设
SHARE_OF = re.compile(r"\s*的")  # matched at the figure's end
# a figure with a bar before the noun it qualifies, then the goal's own figure: 其中十亿元以上企业30家 |
# 每年招引亿元以上制造业项目100个 (the gap between the two figures: a noun, no verb or separator)
QUALIFIER_GAP = re.compile(r"^\s*[\u4e00-\u9fff]{1,12}\s*$")
# a clause that defines a term, not a goal: 就诊人数指在签约机构就诊≥1次 | 覆盖率是指…
DEFINITION = re.compile(r"是指|系指|指的是|(?<=[数率量])指")
# what stands between the figures of one list: 15%、10%和26% | 4.32万吨、0.18万吨
LIST_GAP = re.compile(r"\s*(?:[、和及与]|以上、)\s*")
# a threshold, not a goal: 受电容量在315千伏安及以上 | 对…在X以上的
# (a share is no bar: 完成75%以上的确权登记 | 80%以上的钢铁产能完成改造)
# (保持在95%以上 | 稳定在30%以上 | 粮食总产量在3.17亿斤以上 hold a level: goals; the bar is what qualifies a noun)
THRESHOLD = re.compile(r"在\s*\d+(?:\.\d+)?\s*\S{0,4}?(?:及以上|以上|以下)(?=的|[\u4e00-\u9fff]{0,6}(?:企业|用户|项目|单位|设施))"
                       r"|(?<!%)及以上的|(?<!%)以上的|(?<!%)以下的")
# a paragraph that ends as a finished sentence, heading or list item does
TERMINAL = re.compile(r"[。！？!?；;：:”’）)》」』…]\s*$")
# clause separators inside a sentence; sentence ends
CLAUSE_SPLIT = re.compile(r"[,，;；]")
SENTENCE_END = re.compile(r"[。!?！？]")
# quoted names are not quantities: “十年禁渔” “5G+” “三线一单” “两网融合”
QUOTED = re.compile(r"[“\"‘'「][^”\"’'」]{1,20}[”\"’'」]")
# parenthesised asides are not quantities: (2021-2023年) (试行)
PAREN = re.compile(r"\((?!其中)[^()]{0,30}\)")  # (其中专家号源不低于30%) details a goal: read
# a year or a span of years, masked out of a clause: 2025年 | 2021-2023年 | 2021 至 2025 年
YEAR_OR_SPAN = re.compile(r"(?:19|20)\d{2}\s*[-—~至到]\s*(?:19|20)\d{2}\s*年|(?:19|20)\d{2}\s*年")
# where an aside opens or closes after a figure: 预留30%的号源(其中… | 不低于30%)
ASIDE_ON = re.compile(r"[()（）]")
# the verb or particle left at the end of an indicator: 森林覆盖率达到 | 单位GDP能耗为 | 比重在
INDICATOR_TAIL = re.compile(r"(?:达到|达|为|是|的|在)$")

# a bracketed gloss in an indicator's name, another name or a unit for it:
# 空气质量优良天数比例(AQI达标率) | 细颗粒物(PM2.5)年均浓度 | 单位地区生产总值能耗（当量值）
INDICATOR_GLOSS = re.compile(r"[(（][^()（）]*[)）]")

# ---------------------------------------------------------------- instruments
# a sentence that sets a parameter for others: it grants, selects, exempts or binds (给予…奖励 | 补贴 | 遴选 |
# 免征 | 公示): its figures are instruments, not the government's own goals
INSTRUMENT_CUE = re.compile(
    r"给予|奖励|奖补|奖金|补贴|补助|资助|贴息|返还|兑现|减免|免征|减征|减半征收|享受|遴选|评选|择优认定|公示|"
    r"费率|税率|利率|税额|加计扣除|减按|限额|封顶"
)
# a tax or fee: its figures are rates (税额标准下调至1—8元 | 加计扣除比例提高至100%)
TAX_WORD = re.compile(r"税|费率|利率|加计扣除")
# the word that grants: the figures before it in its sentence are the bar to clear
GRANT_WORD = re.compile(r"给予|奖励|奖补|补贴|补助|资助|兑现|返还")
# a sentence that opens with the year of its goals: 到2027年,… | 力争到2025年 | (一)到2025年
GOAL_FRAME = re.compile(r"\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.]\s*)?(?:力争|确保|争取)?(?:到|至)\s*(?:19|20)\d{2}\s*年")
# a date before which something is reported: 于2022年2月15日前 | 在每季度末月底之前 | 在每个季度第1个月的20日前
DEADLINE_MARK = re.compile(
    r"(?<![关对由基鉴属等至处存现正])(?:于|在)\s*[^，,；;。]{0,24}?(?:\d{1,2}\s*日|月底|月末|季度末|年底|年末)\s*(?:之)?前"
)
# a reporting frequency: 每季度报送一次 | 每半年报送一次 | 每季度通报 | 月开展一次督查
FREQUENCY = re.compile(
    r"每(?:个)?(?:季度|半年|月|年|周|旬)\s*[^，,；;。]{0,6}?(?:报送|通报|报告|上报|调度|督查|督办|召开|开展|评估)"
    r"|(?<![\u4e00-\u9fff])(?:月|季|季度|半年|年)\s*开展一次"
)
# how long a grant, policy or plan runs: 规划期限为2021年-2025年 | 两年内 | 1 3 年内 | 分三年 | 公示时间不少于30天
PERIOD = re.compile(
    r"(?:规划|实施|执行|政策)?(?:期限|有效期|实施期|执行期)\s*(?:为|是|至)"
    r"|(?P<n>\d(?:\s?\d)*|[一二三四五六七八九十两]{1,3})\s*(?:个)?(?P<u>年|月)内"
    r"|分\s*(?P<n2>\d{1,2}|[一二三四五六七八九十两]{1,2})\s*(?P<u2>年|期)(?:按|兑现|拨付|发放|支付)"
    r"|公示(?:时间|期)?\s*(?:不少于|为)\s*(?P<n3>\d{1,3})\s*(?P<u3>天|日|个工作日)"
)
# a figure an instrument sets: 200万元 | 10% | 1:1 | 20名 | 50亿元及以上 (a ratio has no unit)
INSTRUMENT_FIGURE = re.compile(
    r"(?P<ratio>\d+\s*[:：]\s*\d+)|(?P<v>(?<![\d.])\d+(?:\.\d+)?)\s*"
    r"(?P<u>[万亿千]?元|万|%|名|个|家|项|人|平方米|亩|天|年|场|次|部|台|套|件)"
)
# what makes a figure a cap or a bar: 最高不超过 | 不得超过 | 限额 (before it); 以上的 | (含)以上 (after it)
CAP_BEFORE = re.compile(r"(?:最高|不超过|不得超过|不高于|封顶|上限|限额|最多)[^，,；;。]{0,16}$")
THRESHOLD_AFTER = re.compile(r"^\s*(?:\((?:人民币[^()]*|含)\))?\s*(?:及|或)?以上(?:\(含\))?")
THRESHOLD_BEFORE = re.compile(r"(?:在|达到|达|(?<!不)超过|(?<!不)超|首次超过|不低于|不少于)\s*$")
# the eligibility a grant is for: 对新引进先进制造业固定资产投资1000万元以上的 | 对首次纳入规模以上工业统计的企业
CONDITION = re.compile(r"(?:^|(?<=[，,；;。]))\s*对(?P<cond>[^，,；;。]{2,60}?的)(?P<who>[\u4e00-\u9fff]{0,8}(?:企业|单位|项目|个人|人才|主体))?")
# the kinds a figure's sentence names: 奖励/奖补 → award; 补贴/补助/资助 → subsidy
AWARD_WORD = re.compile(r"奖励|奖补|奖金")
SUBSIDY_WORD = re.compile(r"补贴|补助|资助|贴息")
# a selection cap: 每年遴选不超过20名 | 评选不超过2个
SELECTION = re.compile(r"遴选|评选|认定|择优")
# a number of places: 名额 | 指标
QUOTA_WORD = re.compile(r"名额|指标数|配额")

# ---------------------------------------------------------------- validity
# a date in the text, in digits or Chinese numerals: 2025年1月1日 | 二〇二五年一月一日
_VDATE = DATE.pattern.replace("(?P<y>", "(?:").replace("(?P<m>", "(?:").replace("(?P<d>", "(?:")
# 本办法自2025年1月1日起施行 | 自二〇二五年一月一日起实施
EFFECTIVE_FROM = re.compile(rf"自\s*(?P<date>{_VDATE})\s*起\s*(?:施行|实施|执行|生效)")
# 自印发之日起施行 | 自发布之日起实施 | 自公布之日起生效: the notice's own date
EFFECTIVE_ON_ISSUE = re.compile(r"自(?:印发|发布|公布|下发|签发)之日起\s*(?:施行|实施|执行|生效)")
# 有效期5年 | 有效期为五年 | 试行二年 | 试行期两年
VALID_FOR = re.compile(r"(?:有效期(?:为)?|试行期?(?:为)?)\s*(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,3})\s*年")
# 有效期至2027年12月31日 | 执行至2027年12月31日 | 有效期到二〇二七年十二月三十一日
VALID_UNTIL = re.compile(rf"(?:有效期|执行期限?|实施期限?|执行|实施)\s*(?:至|到)\s*(?P<date>{_VDATE})")
# 原《某市办法》(某政发〔2019〕3号)同时废止 | 《A》和《B》同时废止 | 原…停止执行: what this notice repeals
REPEALS = re.compile(r"(?P<what>(?:原|此前印发的)?《[^《》]{2,80}》[^。；;]{0,80}?)\s*(?:同时)?(?:废止|停止执行|不再执行)")
# a panel's word for the notice's state: 现行有效 | 有效 | 失效 | 已废止 | 已修改
STATUS_WORD = (("repealed", re.compile(r"废止")), ("amended", re.compile(r"修改|修订|修正")),
               ("expired", re.compile(r"失效|过期|无效")), ("in_force", re.compile(r"有效|现行")))

# ---------------------------------------------------------------- inline responsibilities
# the opening bracket of an aside: (市发展改革委牵头，市财政局配合) | 〔责任单位:市商务局〕 | 【责任单位】
ASIDE_OPEN = re.compile(r"[(（〔【\[]")
# a bracketed note at the end of a clause or name: 各县区人民政府(管委会) | 市卫健委(列第一位为牵头单位,下同)
TRAILING_ASIDE = re.compile(r"[(（](?P<body>[^()（）]*)[)）]$")
# the head of a name that shares the next name's suffix: 哈尔滨、黑河、绥芬河市政府 → 哈尔滨 | 各产业、招商主管部门 → 各产业
SHARED_SUFFIX_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,10}$")
# the suffix such a list shares: 绥芬河市政府 | 招商主管部门
SHARED_SUFFIX = re.compile(r"(?:人民政府|政府|党委|委员会|部门|单位|机构)$")
# a clause of an aside that says when, not who: 年内持续推进 | 2025年底前 | 长期坚持 | 6月底前完成
ASIDE_DEADLINE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年|年内|年底|年末|长期|持续|每年|逐年|每季度|每月|即日起|近期|常态化|"
    r"\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月)[^,，;；]{0,14}$"
)
# a clause of an aside that states a rule for its lists: 列第一位者为牵头单位 | 下同 | 以下均需县政府落实，不再列出
ASIDE_RULE = re.compile(
    r"(?:列|排)(?:在)?(?:第一位|首位|第一)|下同|^以下|不再(?:列出|重复|一一列出)|同上|即为牵头"
)
# a heading that names the lead of all under it: 县示范区管委会牵头工作(8项) | 市发改委牵头的任务
HEADING_LEAD = re.compile(
    r"^\s*(?P<units>[^,，。;；:：()（）]{2,30}?)(?:牵头|负责|主责)的?(?:工作|任务|事项)"
    r"\s*(?:[(（]\s*(?:共)?\s*\d+\s*(?:项|条|个)\s*[)）])?\s*[。:：]?\s*$"
)
# a name that can own a task: an organ, a government, a collective (各街道), a company
UNIT_LIKE = re.compile(
    r"(?:局|委|办|院|厅|部|会|府|中心|公司|单位|部门|街道|乡镇|镇|乡|开发区|新区|园区|专班|小组|集团|银行|法院|"
    r"检察院|支行|分行|处|室|站|所|队|社|联|团|馆|台|署|区|县|市|省|州|盟|旗|机构|企业|高校|学校|协会|科协|办公室|指挥部|^各地)$"
)
# the notice's rule for lists: 列第一位的为牵头单位 | 排在首位的为牵头部门
FIRST_LEADS = re.compile(r"(?:列|排)(?:在)?(?:第一位|首位|第一)[的者]?(?:单位|部门)?为牵头")

# ---------------------------------------------------------------- goal clauses
# a clause that may hold a figure: 达到35% | 两个 | 五千亿 (most clauses skip the costlier patterns)
HAS_FIGURE = re.compile(r"\d|[" + CN_DIGITS + r"]\s*[" + "".join(sorted({m[0] for m in MEASURES})) + r"万亿%年番成]|百分之")
# words that open a goal clause without belonging to its indicator: 力争 | 确保 | 实现
LEAD_FILLER = re.compile(r"^(?:力争|努力|确保|争取|基本|全面|进一步|要|使|让|实现|达成)+")
# the predicate that ends a qualitative goal: 明显优化 | 显著提升 | 基本实现
GOAL_PREDICATE = re.compile(
    r"(?:明显|显著|不断|持续|大幅|基本|初步|全面|更加|进一步|稳步|有效|逐步|广泛)?"
    r"(?:优化|提升|提高|改善|减少|形成|实现|建立|完善|增强|下降|降低|达到|迈上|合理|显著|健全|落实|稳中有降|达峰)"
)

# ---------------------------------------------------------------- unit names
# 等 and a collective after a unit name (not the whole name): 市司法局等相关部门 | 各县区等其它单位
UNIT_AND_OTHERS = re.compile(r"(?<=..)等(?:相关|有关|其他|其它|各)?(?:部门|单位|机构)?$")
# a role note in brackets after a name: 市财政局（配合） | 市发改委(牵头单位)
ROLE_NOTE = re.compile(r"[（(][^（）()]*(?:牵头|配合|负责|责任|主办|协办|参与)[^（）()]*[)）]$")
# spaces inside a written name, ideographic ones too: 市 工信局 | 市　财政局
NAME_SPACE = re.compile(r"[\s\u3000]+")
# the party prefix of a party body: 中共天水市委 | 中国共产党天水市委员会
PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党)")
# the place an organ's name opens with (a party body's after 中共): 鹤岗市人民政府 → 鹤岗市 | 中共宿州市委 → 宿州市
ORGAN_PLACE = re.compile(r"^(?:中共|中国共产党)?(?P<place>[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|省|市|州|县|区|盟|旗))")
# a government prefix before a body: 人民政府办公室 | 政府办
GOVERNMENT_PREFIX = re.compile(r"^(?:人民政府|政府)(?=.)")
# a township or subdistrict: 中梁镇 | 藉口镇人民政府 | 大城街道办事处 | 石马坪街道党委
TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:镇|乡|街道办事处|街道)(?:人民政府|政府|党委)?$")
# a development zone or its committee: 天水经济技术开发区 | 麦积工业园区管委会 | 高新区管理委员会
ZONE = re.compile(r"(?:经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|新区|工业园区|产业园区|园区|示范区|试验区|保税区)"
                  r"(?:管委会|管理委员会)?$")
# the office of a leading group or committee: 市创建文明城市领导小组办公室 | 防汛抗旱指挥部办公室
GROUP_OFFICE = re.compile(r"(?:领导小组|指挥部|联席会议|委员会)办公室$")
# a place an issuer names before its government or committee: 天水市人民政府 → 天水市 | 某某县委
SYNTHETIC_PLACE = re.compile(r"([\u4e00-\u9fff]{2,8}?[省市县区旗州盟])(?:人民政府|政府|委员会|党委|委)")
# a slot of a name template: 人行{place}中心支行 → place | {city_short}海关 → city_short
TEMPLATE_SLOT = re.compile(r"\{(\w+)\}")

# ---------------------------------------------------------------- readers
# Han ideographs and Chinese punctuation (、。〔〕《》“” …), as zhon defines them (a character class body)
CJK = hanzi.characters + re.escape(hanzi.punctuation).replace("-", r"\-")
# one Han ideograph or Chinese punctuation mark: 重 | 、 | 《
HAN = re.compile(f"[{CJK}]")
# one Han ideograph, punctuation not counted: 重 | 〇 (not 、)
IDEOGRAPH = re.compile(f"[{hanzi.characters}]")
# one or two layout spaces with a CJK character on one side and a CJK character
# or digit on the other: 重 点 任 务, 加速科技成果 转化, 打造 1-2个, 2022 年.
# Longer runs are left alone: they may separate columns.  Each branch starts
# with the space itself so the regex engine skips ahead to spaces (a leading
# lookbehind made it test every character: 15x slower).
_C, _CD = f"[{CJK}]", f"[{CJK}0-9]"
LAYOUT_SPACE = re.compile(
    rf" (?<={_C} )(?={_CD})|  (?<={_C}  )(?={_CD})| (?<=[0-9] )(?={_C})|  (?<=[0-9]  )(?={_C})"
)
# the indentation and trailing spaces of a line: "  一、总体要求" | "附件1  "
LINE_EDGE = re.compile(r"^ +| +$", re.M)
# page markup a crawl saved as text: a block tag ends a line, any other tag is dropped:
# <p style="text-align: right;"> | </p> | <br/> | <strong> | </div>
MARKUP_TAG = re.compile(r"<(?P<close>/?)(?P<name>[a-zA-Z][a-zA-Z0-9]{0,9})\b[^<>\n]{0,200}?/?>")
MARKUP_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"})
# the number a document-sharing page puts before each page of the file it shows, at the start of a line:
# 1、嘉兴市…实施方案为深入贯彻… | 2、户提供融资担保… (the page may end mid-word)
PAGE_CHUNK_MARK = re.compile(r"^(?P<n>\d{1,3})、", re.M)
# how a paragraph or list item ends (a page that ends otherwise was cut mid-sentence): 。 | ； | ” | ) | ]
CLOSED_END = re.compile(r"[。!?！？；;:：”’\"')）\]】〕》]")
# a heading run into the text before it with no space at all, after a sentence's end, a colon or the aside
# closing a paragraph: …制定本方案。一、总体要求 | …如下：(一)强化财税政策保障 | …不再列出)(二)加强产业基金支持
UNSPACED_HEADING = re.compile(r"(?<=[。；！？:：)）])(?=[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
# a heading with no full stop of its own run into the sub-heading under it: 一、加强要素支持(一)强化财税
HEADING_BEFORE_SUB = re.compile(
    r"(?<![\u4e00-\u9fff])[一二三四五六七八九十]{1,3}、[^，。；,;:：()（）\n]{2,30}?(?=[(（][一二三四五六七八九十]{1,3}[)）])"
)
# a title run into the preamble after it: 嘉兴市…实施方案为深入贯彻… | …管理办法根据《中华人民共和国…》
TITLE_BEFORE_PREAMBLE = re.compile(
    r"^[^，。；,;:：\s《》]{6,60}?(?:方案|意见|办法|通知|规定|细则|计划|措施|规划|要点|决定)(?=为了|为|根据|按照|依据)"
)
# a line a crawl ran a whole notice into: where its paragraphs ended, the spaces before its heading numbers
# (…通知如下: 一、总体要求 (一)发展环境 1.坚持就业优先), and the space after the 主送机关's colon
# (各县区人民政府,市直各部门: 为贯彻落实…), and between the head's elements (珠府〔2018〕14 号 珠海市人民政府关于
# …的通知 横琴新区管委会,…: | …的通知 (鄂州政办发〔2010〕10号) | 珠海市人民政府 2018 年 2 月 13 日); a section
# number (1.1目的依据) starts a paragraph, a decimal (3.7%) does not
RUN_TOGETHER_BREAK = re.compile(
    r"(?<=\S)[ \t]+(?=(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]"
    r"|\d{1,2}(?:\.\d{1,2})+(?=[\u4e00-\u9fff]))\S)"
    r"|(?<=[\u4e00-\u9fff)）][:：])[ \t]+(?=[\u4e00-\u9fff《“])"
    # the head run together: after a 发文字号 or a title, before a bracketed 发文字号 or a full date
    r"|(?<=[号號])[ \t]+(?=[\u4e00-\u9fff《])|(?<=[号號][)）])[ \t]+|(?<=的通知|的意见|的决定)[ \t]+(?=\S)"
    r"|[ \t]+(?=[(（][\u4e00-\u9fff]{1,12}\s*[〔\[［【]\s*(?:19|20)\d{2})"
    r"|[ \t]+(?=(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)|(?<=[\d\s]日)[ \t]+(?=\S)"
    # after a sentence's full stop (a paragraph ended there, or at worst a line did)
    r"|(?<=。)[ \t]+(?=\S)"
    # and around a page number as GB/T 9704 prints it: — 1 —
    r"|[ \t]+(?=—\s?\d{1,3}\s?—)|(?<=\d\s—)[ \t]+|(?<=\d—)[ \t]+"
)
# a soft hyphen set between digits as a dash: 2014\u00ad2020
DIGIT_SOFT_HYPHEN = re.compile("(?<=\\d)\u00ad(?=\\d)")
# the CR of a CRLF: "第一条\r\n"
CR_BEFORE_LF = re.compile("\r(?=\n)")
# any run of whitespace, squashed out of keys and cells: "重点 任务" | "市\n财政局"
WHITESPACE = re.compile(r"\s+")
# a run of digits, masked in running headers and footers: 第3页 → 第#页 | 2022 → #
DIGIT_RUN = re.compile(r"\d+")
# an HTML page's declared charset: <meta charset="gb2312"> | <meta http-equiv="Content-Type" content="text/html; charset=GBK">
HTML_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
# an XML declaration before an XHTML page: <?xml version="1.0" encoding="utf-8"?>
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# HTML whitespace (not U+3000, which is text): "\n\t  "
HTML_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
# page chrome by class or id, inside the article container: bdshare_t | xglj | breadcrumb | navbar
CLUTTER_CLASS = re.compile(r"share|bdshare|fenxiang|print|dayin|close|related|xglj|xgwj|xgzc|footer|"
                           r"breadcrumb|crumb|position|location|toolbar|nav(?:bar)?\b|pager|prev|next", re.I)
# a short label and its value in a 政府信息公开 box: 发文字号：甘政发〔2021〕62号 | 索 引 号: 0001 | 成文日期：
LABEL_VALUE = re.compile(r"^([^\s:：]{1,4}(?:\s*[^\s:：]){0,6})\s*[:：]\s*(.*)$", re.S)
# a cell of numbers or numerals only (not a header label): 1 | 一 | (二) | 3.
NUMERAL_TEXT = re.compile(r"[\d一二三四五六七八九十()（）.、]+")
# a level's number in a Word list's level text: %1、 | (%2) | %1.%2.
LEVEL_TEXT_SLOT = re.compile(r"%(\d)")
# a page number line: 3 | - 3 - | —12— | 第3页 | 第 3 页 共 12 页 | 3/12 | Page 3 of 12
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―~·\s]*\d{1,4}[-—–－―~·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
# a line that opens with an outline number starts a paragraph even after a full line:
# 一、 | (三) | 第二章 | 2. | 3、 | (4) | 附件1:
OUTLINE_NUMBER_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百]+[)）]"
    r"|第[一二三四五六七八九十百零〇]+[章节条]|\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|附件\s*\d*[:：])"
)
# a 序号 cell of a PDF table: 1 | 12 | 三 | (二) | 3.
NUMBER_CELL = re.compile(r"^\s*(?:\d{1,4}|[一二三四五六七八九十百]+|[(（]?[一二三四五六七八九十\d]+[)）.、]?)\s*$")
# Latin letters either side of a wrap join with a space: the end of "carbon" | "GDP"
ASCII_WORD_END = re.compile(r"[A-Za-z]$")
# ... and the start of the next piece: "peak" | "COVID-19"
ASCII_WORD_START = re.compile(r"^[A-Za-z]")
# the subset tag of an embedded font name: ABCDEF+SimSun → SimSun
FONT_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
# the first word of a Latin line: Carbon | COVID-19 | people's
LATIN_WORD = re.compile(r"[A-Za-z0-9'’\-]+")
# a PDF's page tree (a file that declares no pages has one, with a count of 0): /Type /Pages | /Type/Pages
PDF_PAGES_TYPE = re.compile(rb"/Type\s*/Pages\b")
# a page count of 0: /Count 0
PDF_ZERO_COUNT = re.compile(rb"/Count\s+0\b")
# a page object (not the page tree): /Type /Page | /Type/Page
PDF_PAGE_TYPE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
# the offset of the last cross-reference section: startxref\n116\n%%EOF → 116
PDF_STARTXREF = re.compile(rb"startxref\s+(\d+)")
# an indirect object's header (here, a cross-reference stream): 12 0 obj
PDF_OBJECT_HEADER = re.compile(rb"\s*\d+\s+\d+\s+obj")
# a cross-reference subsection header: xref\n0 6\n → first 0, count 6
PDF_XREF_SECTION = re.compile(rb"xref\s+(\d+)\s+(\d+)\s*")
# one cross-reference entry: 0000000017 00000 n | 0000000000 65535 f
PDF_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
