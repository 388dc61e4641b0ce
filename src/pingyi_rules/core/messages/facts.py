"""The facts messages: (English, 中文) per key (see core.messages)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "FA001.file": ("no such file", "没有这个文件"),
    "FA001.path": ("no such file or folder", "没有这个文件或文件夹"),
    "FA002": (
        "facts must be a folder of .csv files, an .xlsx workbook, a SQLite file (.sqlite, .sqlite3, .db) or a sources file (.yaml)",
        "数据应为 .csv 文件所在的文件夹、.xlsx 工作簿、SQLite 文件（.sqlite、.sqlite3、.db）或数据源文件（.yaml）",
    ),
    "FA002.one_csv": (
        "this ruleset reads {count} tables ({files}); give the folder that holds them",
        "本规则集读取 {count} 张表（{files}）；请给出存放这些表的文件夹",
    ),
    "FA003.over": ("the file is over the limit of {limit}", "文件超过上限 {limit}"),
    "FA003.size": ("the file is {size}; the limit is {limit}", "文件大小为 {size}，上限为 {limit}"),
    "FA004.chart": (
        "sheet '{sheet}' is a chart or dialog sheet, not a table of cells",
        "工作表 '{sheet}' 是图表或对话框工作表，不是单元格表格",
    ),
    "FA004.csv": ("table '{table}' is missing: expected {table}.csv", "缺少表 '{table}'：应有文件 {table}.csv"),
    "FA004.csv_near": (
        "table '{table}' is missing: expected {table}.csv (found {found}: rename it?)",
        "缺少表 '{table}'：应有文件 {table}.csv（找到了 {found}：是否改名？）",
    ),
    "FA004.given": ("table '{table}' is missing from {given}", "{given}中缺少表 '{table}'"),
    "FA004.given_near": (
        "table '{table}' is missing from {given} (found '{found}': rename it?)",
        "{given}中缺少表 '{table}'（找到了 '{found}'：是否改名？）",
    ),
    "FA004.sheet": ("sheet '{sheet}' is missing", "缺少工作表 '{sheet}'"),
    "FA004.sheet_near": (
        "sheet '{sheet}' is missing (found sheet '{found}': rename it?)",
        "缺少工作表 '{sheet}'（找到了工作表 '{found}'：是否改名？）",
    ),
    "FA005": (
        "cannot decode as UTF-8 or GB18030; give the encoding with --encoding",
        "无法按 UTF-8 或 GB18030 解码；请用 --encoding 给出文件编码",
    ),
    "FA005.given": ("cannot decode as {encoding}: {why}", "无法按 {encoding} 解码：{why}"),
    "FA005.utf16": (
        "the file looks like {encoding} (NUL bytes between the characters) but does not decode as it; give the encoding with --encoding",
        "文件看似 {encoding} 编码（字符之间有 NUL 字节），但无法按此解码；请用 --encoding 给出文件编码",
    ),
    "FA006": ("malformed CSV: {why}", "CSV 格式有误：{why}"),
    "FA007": ("cannot open workbook: {why}", "无法打开工作簿：{why}"),
    "FA008": ("header '{header}' appears twice", "表头 '{header}' 出现了两次"),
    "FA009": ("column '{column}' is missing", "缺少列 '{column}'"),
    "FA009.near": (
        "column '{column}' is missing (found '{found}': rename it?)",
        "缺少列 '{column}'（找到了 '{found}'：是否改名？）",
    ),
    "FA010.empty": ("the table is empty (no header row)", "表是空的（没有表头行）"),
    "FA010.no_header": (
        "no header row with the column '{column}' in the first {rows} rows",
        "前 {rows} 行中没有含列 '{column}' 的表头行",
    ),
    "FA011": ("blank; expected {expected}", "未填写，应为{expected}"),
    "FA012": ("'{value}' is not {expected}", "'{value}' 不是可选的值，应为{expected}"),
    "FA013": ("'{value}' is not {yes} or {no}", "'{value}' 应为{yes}或{no}"),
    "FA014.comma": (
        "'{value}' is not {expected}: a comma may only separate thousands (1,013 or 12,345.6); a decimal point is written '.'",
        "'{value}' 不是有效的值，应为{expected}：逗号只能用作千位分隔（1,013 或 12,345.6）；小数点写作 '.'",
    ),
    "FA014.date": ("'{value}' is not a date like 2023-06-01", "'{value}' 不是日期（应如 2023-06-01）"),
    "FA014.date_short_year": (
        "'{value}' is not a date like 2023-06-01: the year must have four digits",
        "'{value}' 不是日期（应如 2023-06-01）：年份须为四位数字",
    ),
    "FA014.date_year_last": (
        "'{value}' is not a date like 2023-06-01: the year must come first, in four digits",
        "'{value}' 不是日期（应如 2023-06-01）：年份须写在最前，用四位数字",
    ),
    "FA014.lookalike": (
        "'{value}' contains '{char}' ({codepoint}), which is not an ordinary digit or sign; expected {expected}",
        "'{value}' 含有 '{char}'（{codepoint}），不是普通的数字或符号；应为{expected}",
    ),
    "FA014.month": ("'{value}' is not a month like 2023-06", "'{value}' 不是月份（应如 2023-06）"),
    "FA014.not": ("'{value}' is not {expected}", "'{value}' 不是有效的值，应为{expected}"),
    "FA014.unwritable": ("{value} contains {char}", "{value} 含有{char}"),
    "FA015": ("{value} is negative; expected {expected}", "{value} 是负数，应为{expected}"),
    "FA015.deduction": ("deduction {value} is negative", "扣分 {value} 是负数"),
    "FA016.out_of_range": ("{value} is out of range; expected {expected}", "{value} 超出范围，应为{expected}"),
    "FA016.too_large": ("{value} is too large; expected {expected}", "{value} 过大，应为{expected}"),
    "FA017.key": (
        "key '{key}' appears twice in table '{table}' (first at {first})",
        "键 '{key}' 在表 '{table}' 中出现了两次（第一次在 {first}）",
    ),
    "FA017.second_row": (
        "subject '{subject}' has a second row in table '{table}'",
        "对象 '{subject}' 在表 '{table}' 中有第二行",
    ),
    "FA017.subject": (
        "subject '{subject}' appears twice (first at {first})",
        "对象 '{subject}' 出现了两次（第一次在 {first}）",
    ),
    "FA018": ("'{subject}' is not a subject of table '{table}'", "'{subject}' 不是表 '{table}' 中的对象"),
    "FA019": (
        "no row for subject(s) {subjects}{more} in table '{table}'",
        "表 '{table}' 中没有对象 {subjects}{more} 的行",
    ),
    "FA019.keyed": (
        "{subject}: no row for '{value}' in table '{table}' (column {column})",
        "{subject}：表 '{table}' 中没有 '{value}' 的行（列 {column}）",
    ),
    "FA019.nested": (
        "subject(s) {subjects} are missing from the nested ruleset '{ruleset}' (its subject table '{table}'; nested at {at})",
        "嵌套的规则集 '{ruleset}' 中缺少对象 {subjects}（其对象表 '{table}'；嵌套于 {at}）",
    ),
    "FA022.broken_link": (
        "cannot read it: it is a symbolic link to {target}, which does not exist",
        "无法读取：这是指向 {target} 的符号链接，而该目标不存在",
    ),
    "FA022.device": ("cannot read the file: it is a device, not a regular file", "无法读取文件：这是设备，不是普通文件"),
    "FA022.fifo": (
        "cannot read the file: it is a FIFO (named pipe), not a regular file",
        "无法读取文件：这是命名管道（FIFO），不是普通文件",
    ),
    "FA022.file": ("cannot read the file: {why}", "无法读取文件：{why}"),
    "FA022.folder": ("cannot read the file: Is a directory", "无法读取文件：这是一个文件夹"),
    "FA022.loop": ("cannot read it: {why} (a symbolic link loop)", "无法读取：{why}（符号链接循环）"),
    "FA022.path": ("cannot read it: {why}", "无法读取：{why}"),
    "FA022.socket": ("cannot read the file: it is a socket, not a regular file", "无法读取文件：这是套接字，不是普通文件"),
    "FA024": (
        "the formula {formula} has no saved value (the file was written by a program that does not calculate formulas); open the file in Excel or WPS, save it, and score again",
        "公式 {formula} 没有保存的计算结果（文件由不计算公式的程序生成）；请用 Excel 或 WPS 打开文件，保存后再计分",
    ),
    "FA025": (
        "{value} lies in no row of lookup '{lookup}' ({rows})",
        "{value} 不在查表 '{lookup}' 的任何一行内（{rows}）",
    ),
    "FA026": ("the workbook is damaged: {why}", "工作簿已损坏：{why}"),
    "FA027.budget": (
        "the workbook's XML parts unzip to more than {limit}, the limit ({part} is {size})",
        "工作簿的 XML 部件解压后超过上限 {limit}（{part} 为 {size}）",
    ),
    "FA027.ratio": (
        "{part} unzips to {ratio} times its zipped size ({zipped} to {size}); refused as a possible zip bomb (the limit is {limit} times)",
        "{part} 解压后是压缩大小的 {ratio} 倍（{zipped} 到 {size}）；可能是压缩炸弹，拒绝读取（上限为 {limit} 倍）",
    ),
    "FA027.slots": (
        "sheet '{sheet}' spreads {values} values over more than {cells} cells (the blank cells between them count); the limit is {limit} cells a value",
        "工作表 '{sheet}' 的 {values} 个值分散在超过 {cells} 个单元格中（其间的空白单元格也计入）；上限为每个值 {limit} 个单元格",
    ),
    "FA028": (
        "sheets {sheets} both fit table '{table}'; keep one of them",
        "工作表 {sheets} 都对应表 '{table}'；请只保留一个",
    ),
    "FA029": (
        "table '{table}' is only in the hidden sheet '{sheet}'; unhide it in Excel or WPS (or delete it) so that the scores come from a sheet the office can see",
        "表 '{table}' 只在隐藏的工作表 '{sheet}' 中；请在 Excel 或 WPS 中取消隐藏（或删除它），使分数来自看得见的工作表",
    ),
    "FA032.beyond": (
        "the row has the value '{value}' in column {column}, beyond the {named} columns the header names (an unquoted comma in a number, as in 1,013, splits the cell and shifts the row: write \"1,013\" in quotes or 1013)",
        "该行第 {column} 列有值 '{value}'，超出了表头的 {named} 列（数字中不加引号的逗号，如 1,013，会把单元格一分为二并使整行错位：请写成带引号的 \"1,013\" 或 1013）",
    ),
    "FA032.no_header": (
        "the row has the value '{value}' in column {column}, which has no header (an unquoted comma in a number, as in 1,013, splits the cell and shifts the row: write \"1,013\" in quotes or 1013)",
        "该行第 {column} 列有值 '{value}'，但该列没有表头（数字中不加引号的逗号，如 1,013，会把单元格一分为二并使整行错位：请写成带引号的 \"1,013\" 或 1013）",
    ),
    "FA032.wider": (
        "the row has {cells} cells, the header row {headers} (an unquoted comma in a number, as in 1,013, splits the cell and shifts the row: write \"1,013\" in quotes or 1013)",
        "该行有 {cells} 个单元格，表头行只有 {headers} 个（数字中不加引号的逗号，如 1,013，会把单元格一分为二并使整行错位：请写成带引号的 \"1,013\" 或 1013）",
    ),
    "FA033": ("table '{table}' has a header row but no data rows", "表 '{table}' 只有表头行，没有数据行"),
    "FA034": (
        "table '{table}' has {count} files: {files}; keep one",
        "表 '{table}' 有 {count} 个文件：{files}；请只保留一个",
    ),
    "FA035": (
        "blank, but this column {what}: a blank would form a group of its own (a merged cell? give every row its value)",
        "未填写，但此列{what}：空白会自成一组（是否合并了单元格？请给每一行填上值）",
    ),
    "FA040": (
        "{value} has {decimals} decimals; expected {expected}",
        "{value} 有 {decimals} 位小数，应为{expected}",
    ),
    "FA041": (
        "{names} ({values}) repeat the row at {first}: 'unique' says they identify one row",
        "{names}（{values}）与 {first} 的行重复：'unique' 规定它们唯一确定一行",
    ),
    "FA042": ("row check '{check}' does not hold ({values})", "行检查 '{check}' 不成立（{values}）"),
    "FA043": ("row check '{check}' cannot be evaluated: {problem}", "行检查 '{check}' 无法计算：{problem}"),
    "FA045.column_name": ("a column name is {kind}; column names are text", "列名是{kind}；列名应为文本"),
    "FA045.extra_key": (
        "the row has the key {key}, which the first row of table '{table}' does not have (the first row's keys name the columns)",
        "该行有键 {key}，而表 '{table}' 的第一行没有（第一行的键即为列名）",
    ),
    "FA045.not_mapping": (
        "the row is {kind}; the rows of table '{table}' are mappings (as its first row is)",
        "该行是{kind}；表 '{table}' 的行应为映射（与第一行相同）",
    ),
    "FA045.not_row": (
        "the row is {kind}; the rows of table '{table}' are mappings or sequences",
        "该行是{kind}；表 '{table}' 的行应为映射或序列",
    ),
    "FA045.not_sequence": (
        "the row is {kind}; the rows of table '{table}' are sequences (as its first row, the header, is)",
        "该行是{kind}；表 '{table}' 的行应为序列（与第一行即表头行相同）",
    ),
    "FA045.table": (
        "the rows of table '{table}' are {kind}; give a list (or any iterable) of rows",
        "表 '{table}' 的行是{kind}；请给出行的列表（或任何可迭代对象）",
    ),
    "FA045.width": ("the row has {values} values, the header row {width}", "该行有 {values} 个值，表头行有 {width} 个"),
    "FA046": (
        "table '{table}' is not declared by the ruleset (its tables: {tables})",
        "规则集没有声明表 '{table}'（它的表：{tables}）",
    ),
    "FA047": (
        "{kind} cannot be a cell value (text, a number, a date, True/False or None)",
        "{kind}不能作为单元格的值（可用文本、数字、日期、True/False 或 None）",
    ),
    "FA048.failed": ("the query failed: {why}", "查询失败：{why}"),
    "FA048.fetch": ("reading the rows failed after row {row}: {why}", "读取到第 {row} 行之后出错：{why}"),
    "FA048.no_rows": ("the query returns no rows (it is not a SELECT)", "查询不返回数据行（不是 SELECT 语句）"),
    "FA049.encoding": (
        "--encoding applies to CSV files; a database's text is read as the database holds it",
        "--encoding 只用于 CSV 文件；数据库中的文本按数据库保存的原样读取",
    ),
    "FA049.mapping": (
        "a sources file is a mapping: sqlite: FILE, and optionally tables: {{table id: query}}",
        "数据源文件是一个映射：sqlite: 文件名，可选 tables: {{表编号: 查询}}",
    ),
    "FA049.no_sqlite": (
        "missing key 'sqlite' (the SQLite file, relative to this file)",
        "缺少键 'sqlite'（SQLite 文件，相对于本文件的路径）",
    ),
    "FA049.not_sqlite": (
        "not a SQLite database (it does not begin with 'SQLite format 3')",
        "不是 SQLite 数据库（文件开头不是 'SQLite format 3'）",
    ),
    "FA049.open": ("cannot open the database: {why}", "无法打开数据库：{why}"),
    "FA049.query": (
        "the query of table '{table}' is a SELECT statement (text)",
        "表 '{table}' 的查询应为一条 SELECT 语句（文本）",
    ),
    "FA049.sqlite": (
        "'sqlite' is the name of the SQLite file (relative to this file)",
        "'sqlite' 应为 SQLite 文件名（相对于本文件的路径）",
    ),
    "FA049.tables": ("'tables' maps table ids to queries", "'tables' 应把表编号映射到查询"),
    "FA049.unknown_key": (
        "unknown key '{key}' (a sources file has sqlite and tables)",
        "未知的键 '{key}'（数据源文件只有 sqlite 和 tables）",
    ),
    "FA049.utf8": ("a sources file is UTF-8 text: {why}", "数据源文件应为 UTF-8 文本：{why}"),
    "FA050.column": (
        "'{change}': table '{table}' has no column '{column}'",
        "'{change}'：表 '{table}' 没有列 '{column}'",
    ),
    "FA050.form": (
        "'{change}' is not a change of one cell; write {form} (e.g. {example})",
        "'{change}' 不是对一个数据格的改动；应写作 {form}（如 {example}）",
    ),
    "FA050.key": (
        "'{change}': '{column}' names the row; change the other cells of the row, not its key",
        "'{change}'：'{column}' 是该行的键；请改动该行的其他数据格，不能改键",
    ),
    "FA050.none": ("no change given; give at least one {form}", "没有给出改动；请至少给出一个 {form}"),
    "FA050.table": (
        "'{change}': no table '{table}' (the tables: {tables})",
        "'{change}'：没有表 '{table}'（现有的表：{tables}）",
    ),
    "FA050.type": (
        "a change is a Change or the text {form}, not {type}",
        "改动应为 Change 或文本 {form}，而不是 {type}",
    ),
    "FA051.cases": (
        "'{change}': table '{table}' has many rows per subject, so a row is named by its number in the file or sheet; no row {key} was read from it",
        "'{change}'：表 '{table}' 每个对象有多行，行键应为该行在文件或工作表中的行号；没有读到第 {key} 行",
    ),
    "FA051.key": (
        "'{change}': table '{table}' has no row for the '{column}' '{key}'",
        "'{change}'：表 '{table}' 中没有 '{column}' 为 '{key}' 的行",
    ),
    "FA051.subject": (
        "'{change}': table '{table}' has no row for the subject '{key}'",
        "'{change}'：表 '{table}' 中没有对象 '{key}' 的行",
    ),
    "FA052": ("the cell {cell} is changed twice ({first}, {second})", "数据格 {cell} 被改动了两次（{first}，{second}）"),
    "FA098": ("stopped after {count} bad cells", "已有 {count} 个单元格出错，不再继续检查"),
    "FA100.cell": ("table '{table}', '{value}' here: {reason}", "表 '{table}' 此处的 '{value}'：{reason}"),
    "FA100.form": ("table '{table}', form {key}: {reason}", "表 '{table}' 表单 {key}：{reason}"),
    "FA100.row": ("table '{table}', this row: {reason}", "表 '{table}' 此行：{reason}"),
    "phrase.and": ("{first} and {second}", "{first} 和 {second}"),
    "phrase.cell_at_least": ("{what} ≥ {low}", "不小于 {low} 的{what}"),
    "phrase.cell_at_most": ("{what} ≤ {high}", "不大于 {high} 的{what}"),
    "phrase.cell_between": ("{what} from {low} to {high}", "介于 {low} 和 {high} 之间的{what}"),
    "phrase.cell_count_at_least": ("a whole number ≥ {low}", "不小于 {low} 的整数"),
    "phrase.cell_count_between": ("a whole number from {low} to {high}", "介于 {low} 和 {high} 之间的整数"),
    "phrase.cell_date": ("a date like 2023-06-01", "日期（如 2023-06-01）"),
    "phrase.cell_decimals": ("{what} with at most {places} decimals", "{what}，最多 {places} 位小数"),
    "phrase.cell_grade": ("a grade of scale '{scale}' ({grades})", "等级量表 '{scale}' 中的等次（{grades}）"),
    "phrase.cell_month": ("a month like 2023-06", "月份（如 2023-06）"),
    "phrase.cell_number": ("a number", "数字"),
    "phrase.cell_one_decimal": ("{what} with at most 1 decimal", "{what}，最多 1 位小数"),
    "phrase.cell_one_of": ("one of {values}", "以下之一：{values}"),
    "phrase.cell_text": ("text", "文本"),
    "phrase.cell_yes_no": ("{yes} or {no}", "{yes}或{no}"),
    "phrase.cell_char_control": ("the control character {codepoint}", "控制字符 {codepoint}"),
    "phrase.cell_char_noncharacter": ("the noncharacter {codepoint}", "非字符码位 {codepoint}"),
    "phrase.cell_char_surrogate": ("the lone surrogate {codepoint}", "孤立代理码元 {codepoint}"),
    "phrase.damaged_beyond_xfd": ("a cell of row {row} is beyond column XFD", "第 {row} 行有单元格超出了 XFD 列"),
    "phrase.damaged_date": ("the date cell holds '{value}'", "日期单元格中是 '{value}'"),
    "phrase.damaged_doctype": (
        "{part} declares a document type, which no workbook part has",
        "{part} 声明了文档类型，而工作簿的部件都没有文档类型",
    ),
    "phrase.damaged_flag": ("the true/false cell holds '{value}'", "真/假单元格中是 '{value}'"),
    "phrase.damaged_inside_row": ("the cell {ref} is written inside row {row}", "单元格 {ref} 写在了第 {row} 行之内"),
    "phrase.damaged_longer": ("{part} unzips to more bytes than the zip declares", "{part} 解压后的字节数多于压缩包声明的"),
    "phrase.damaged_missing_part": ("the part {part} ({what}) is missing", "缺少部件 {part}（{what}）"),
    "phrase.damaged_no_shared_strings": (
        "the cell refers to shared string {index}, but the workbook has no shared strings",
        "单元格引用共享字符串 {index}，但工作簿没有共享字符串",
    ),
    "phrase.damaged_no_type": (
        "[Content_Types].xml declares nothing for {part}, not an Excel workbook",
        "[Content_Types].xml 没有为 {part} 声明类型，不是 Excel 工作簿",
    ),
    "phrase.damaged_no_workbook": ("_rels/.rels names no workbook part", "_rels/.rels 没有指明工作簿部件"),
    "phrase.damaged_number": ("the number cell holds '{value}'", "数字单元格中是 '{value}'"),
    "phrase.damaged_reference": (
        "a cell of row {row} has the reference '{ref}'",
        "第 {row} 行有一个单元格的引用是 '{ref}'",
    ),
    "phrase.damaged_row_number": ("{part} has a row numbered '{number}'", "{part} 中有行号为 '{number}' 的行"),
    "phrase.damaged_shared_string": (
        "the cell refers to shared string {index}, but {part} holds {count}",
        "单元格引用共享字符串 {index}，但 {part} 只有 {count} 个",
    ),
    "phrase.damaged_sheet_no_id": (
        "sheet '{sheet}' has no part (no id is not in the workbook's relationships)",
        "工作表 '{sheet}' 没有部件（没有关系编号）",
    ),
    "phrase.damaged_sheet_part": (
        "sheet '{sheet}' has no part ({id} is not in the workbook's relationships)",
        "工作表 '{sheet}' 没有部件（工作簿的关系中没有 {id}）",
    ),
    "phrase.damaged_twice": ("the cell {ref} is written twice", "单元格 {ref} 写了两次"),
    "phrase.damaged_type": (
        "[Content_Types].xml declares '{declared}' for {part}, not an Excel workbook",
        "[Content_Types].xml 为 {part} 声明的类型是 '{declared}'，不是 Excel 工作簿",
    ),
    "phrase.damaged_unzip": ("cannot unzip {part}: {why}", "无法解压 {part}：{why}"),
    "phrase.damaged_xml": (
        "{part} is not well-formed XML (line {line}, column {column}: {why})",
        "{part} 不是格式正确的 XML（第 {line} 行第 {column} 列：{why}）",
    ),
    "phrase.encrypted_or_xls": (
        "it is an encrypted workbook or an old .xls file; save it in Excel or WPS as .xlsx without a password",
        "这是加密的工作簿或旧的 .xls 文件；请在 Excel 或 WPS 中另存为不设密码的 .xlsx",
    ),
    "phrase.part_content_types": ("the list of content types", "内容类型列表"),
    "phrase.part_relationships": ("relationships", "关系"),
    "phrase.part_shared_strings": ("the shared strings", "共享字符串"),
    "phrase.part_sheet": ("sheet '{sheet}'", "工作表 '{sheet}'"),
    "phrase.part_styles": ("the styles", "样式"),
    "phrase.part_workbook": ("the workbook", "工作簿"),
    "phrase.queries_given": ("the queries", "所给的查询"),
    "phrase.shared_formula": ("(shared with {cell})", "（与 {cell} 共用的公式）"),
    "phrase.tables_given": ("the tables given", "所给的表"),
    "phrase.value_of_type": ("a {type} value ({value})", "{type} 类型的值（{value}）"),
}
