//! The one translation table: every word the program shows, in Chinese (default) and English.
//!
//! A label is a variant of [`Label`]; the table is checked by the compiler (a missing translation does not
//! build) and by `tests/it/fonts.rs` (every Chinese string renders with the embedded font).

/// The language of the user interface. Chinese first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The code stored in the settings table.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Reads a stored code; unknown codes fall back to `None` so the caller can keep the default.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "zh" | "zh-CN" | "zh_CN" => Some(Lang::Zh),
            "en" | "en-US" | "en_US" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, shown in the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];
}

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A label of the user interface. `Label::X.get(lang)` gives its text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Label { $($key,)* }

        impl Label {
            /// Every label, for table-wide tests.
            pub const ALL: &'static [Label] = &[$(Label::$key,)*];

            pub fn zh(self) -> &'static str {
                match self { $(Label::$key => $zh,)* }
            }

            pub fn en(self) -> &'static str {
                match self { $(Label::$key => $en,)* }
            }
        }
    };
}

impl Label {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

texts! {
    AppTitle => "证件照工作室", "ID Photo Studio";
    ScreenCapture => "拍摄", "Capture";
    ScreenOrders => "订单", "Orders";
    ScreenExport => "导出", "Export";
    ScreenSettings => "设置", "Settings";

    StatusDataDir => "数据目录", "Data dir";
    StatusCamera => "相机", "Camera";
    StatusDatabase => "数据库", "Database";
    DbOk => "正常", "OK";
    DbSchema => "结构版本", "schema";
    DbUnavailable => "不可用", "unavailable";

    CameraDemo => "演示相机", "Demo camera";
    CameraStarting => "正在启动", "starting";
    CameraRunning => "运行中", "running";
    CameraStopped => "已停止", "stopped";
    CameraNoFrame => "等待画面…", "Waiting for a frame…";
    CameraDemoHint => "未检测到相机，正在播放演示画面（公有领域肖像）。", "No camera attached: playing the demo stream (public-domain portraits).";
    CameraFps => "帧/秒", "fps";
    SettingsCamera => "相机", "Camera";
    CameraWebcam => "USB 摄像头", "USB webcam";
    CameraListing => "正在查找摄像头…", "Looking for webcams…";
    CameraNoWebcams => "未找到 USB 摄像头", "No USB webcam found";
    CameraWebcamsUnsupported => "本系统暂不支持直接连接摄像头，请使用热文件夹", "Webcams are not supported on this system yet: use a hot folder";
    CameraRefresh => "刷新列表", "Refresh list";
    CameraNotConnected => "未连接", "not connected";
    CameraHotFolder => "热文件夹", "Hot folder";
    CameraHotFolderHint => "联机拍摄软件（EOS Utility、digiCamControl 等）保存照片的文件夹。只显示开始监视后新拍的照片（JPEG、PNG、TIFF），文件夹里原有的照片不显示。", "The folder tethering software (EOS Utility, digiCamControl…) saves photos into. Only photos taken after watching starts are shown (JPEG, PNG, TIFF), not those already there.";
    CameraFolder => "文件夹路径", "Folder path";
    CameraPickFolder => "选择文件夹", "Choose folder";
    CameraApply => "应用", "Apply";
    CameraFolderMissing => "请先填写或选择文件夹", "Enter or choose a folder first";
    CameraInUse => "正在使用", "In use";
    CameraRetrying => "每秒重试，恢复后自动继续", "retrying every second; resumes by itself";
    CaptureSpec => "证件规格", "Document spec";
    AnalysisRate => "人脸分析", "Face analysis";
    UiRate => "界面", "UI";
    PreviewRate => "预览", "preview";
    AnalysisHz => "次/秒", "Hz";
    AnalysisLoading => "正在载入人脸模型…", "Loading the face models…";
    HintNoFace => "未检测到人脸，请正对镜头", "No face found: face the camera";
    HintCloser => "头部偏小，请靠近", "Head too small: come closer";
    HintBack => "头部偏大，请后退", "Head too large: move back";
    HintMoveLeft => "整体偏右，请向左移", "Off to the right: move left";
    HintMoveRight => "整体偏左，请向右移", "Off to the left: move right";
    HintRaise => "整体偏下，请抬高相机或坐高一些", "Too low: raise the camera or sit up";
    HintLower => "整体偏上，请降低相机", "Too high: lower the camera";
    HintStraighten => "头不能歪，请摆正头部", "Head tilted: straighten up";
    HintLookAtCamera => "姿势不正，请正视镜头", "Turned aside: look into the camera";
    HintChinDown => "请稍微低头，平视镜头", "Chin up too far: lower it a little, look level";
    HintChinUp => "请稍微抬头，平视镜头", "Chin down: raise it a little, look level";
    HintHat => "不能戴帽子，请摘下帽子或头饰", "No hats: please take off the hat or headwear";
    HintTint => "不能戴有色眼镜，请摘下眼镜", "No tinted glasses: please take them off";
    HintGlare => "镜片反光，请调整眼镜角度或摘下眼镜", "Glare on the glasses: tilt them or take them off";
    HintFringe => "头发遮住眉毛，请把头发拨开", "Hair over the brows: please brush it aside";
    HintEars => "没露耳朵，请把头发梳到耳后", "Ears hidden: please tuck the hair behind the ears";
    HintGaze => "眼睛没看镜头，请看镜头", "Eyes: please look into the lens";
    HintSmile => "表情不自然，请放松、不要笑", "Expression: relax, no smile";
    HintClothes => "衣服颜色与背景相近，请换件深色上衣", "Clothes match the background: a darker top, please";
    HintGood => "位置合适，可以拍摄", "In position: ready to capture";

    SpecSearch => "搜索规格（拼音首字母、汉字或编号）", "Search specs (pinyin initials, Chinese or id)";
    SpecFavourites => "常用规格", "Favourites";
    SpecAll => "全部规格", "All specs";
    SpecHomeCity => "本市证件", "This city's documents";
    UseIdNumber18 => "核对无误，改用 ", "Confirmed with the customer: use ";
    RestoreTitle => "恢复未完成的拍摄？", "Restore the unfinished capture?";
    RestoreHint => "上次关闭前有一位顾客还没有保存成订单。可以恢复顾客信息和照片，接着调整和审核。", "A customer was not yet saved as an order when the program last closed. Restore the customer's details and photo and carry on.";
    RestoreSavedAt => "暂存时间", "Kept at";
    RestorePhoto => "照片", "Photo";
    RestorePhotoKept => "已暂存", "kept";
    RestoreNoPhoto => "没有照片（只有顾客信息）", "none (customer details only)";
    RestoreCrashReport => "程序上次意外退出，错误报告", "The program stopped unexpectedly last time; crash report";
    RestoreButton => "恢复", "Restore";
    RestoreDiscard => "放弃", "Discard";
    SpecNoMatch => "没有匹配的规格", "No spec matches";
    SpecStar => "设为常用", "Add to favourites";
    SpecUnstar => "取消常用", "Remove from favourites";
    Customer => "顾客", "Customer";
    CustomerHint => "顾客姓名（重拍时保留）", "Customer name (kept on re-shoot)";
    Phone => "手机", "Mobile";
    IdNumber => "身份证号", "ID number";
    Hukou => "户籍地", "Registered in";
    Operator => "操作员", "Operator";
    Payment => "付款", "Payment";
    PriceYuan => "价格（元，空=规格价）", "Price (yuan; empty = spec price)";
    Notes => "备注", "Notes";
    Counter => "柜台", "counter";
    ExternalNumber => "已有图像号（可选）", "Issued image number (optional)";
    CustomerInvalid => "顾客信息有误，请按红字修改后再通过", "Customer details are wrong: fix the fields in red, then approve";
    OrderCreated => "订单已保存，图像号", "Order saved, image number";
    Receipt => "回执", "Receipt";
    Sheet => "排版", "Print sheet";
    SheetPhotos => "张", "photos";
    SheetLeftOut => "张放不下", "did not fit";
    PdfSaved => "已保存", "saved as";
    Printing => "正在打印…", "printing…";
    PrintSent => "已发送到打印机", "sent to the printer";
    PrintDone => "已打印", "printed";
    PrintStuckPrinter => "打印机", "printer";
    PrintStuckJob => "一直未完成作业", "has not finished job";
    PrintStuckWhat => "作业仍在队列中，打印机恢复后会打印；检查电源和连接线，或取消后重新打印", "the job stays queued and prints when the printer is back; check its power and cable, or cancel it and print again";
    CancelAndPrintAgain => "取消该作业并重新打印", "Cancel that job and print again";
    ErrSpecGone => "规格已不在规格库中", "The spec is no longer in the library";
    RetryPrint => "重新打印（不算补打）", "Print again (not a reprint)";
    PrintReceipt => "打印回执", "Print receipt";
    ReprintReceipt => "补打回执", "Reprint receipt";
    ReceiptsIssued => "已打印回执", "Receipts issued";
    PrintSheetButton => "排版打印", "Print sheet";
    NoReceiptTemplate => "此规格没有回执", "This spec has no receipt";
    SettingsPrinting => "打印", "Printing";
    PrinterName => "打印机", "Printer";
    PrinterDefault => "系统默认打印机", "System default printer";
    PrinterRefresh => "查找打印机", "Find printers";
    PrinterNone => "未找到打印机（可直接填写名称）", "No printer found (type a name)";
    ReceiptLayoutLabel => "回执纸张", "Receipt paper";
    PrintOffset => "打印偏移（毫米，右/下为正）", "Printer offset (mm, right/down positive)";
    PrintOffsetHint => "打印一张回执量一量：相片偏左 1 毫米就填 x = 1，偏上 1 毫米就填 y = 1（偏右、偏下填负数）。", "Print a receipt and measure: photo 1 mm too far left → x = 1; 1 mm too high → y = 1 (negative for right/down).";
    SavePrintSettings => "保存打印设置", "Save printing settings";
    AnalysisPaused => "已暂停（不在拍摄画面）", "paused (not on the live view)";
    PrintCommand => "打印程序（一般留空）", "Print program (usually empty)";
    PrintStuckAfter => "打印机出错多久后提醒", "Tell me a print is stuck after";
    AutoReceipt => "订单保存后自动打印回执", "Print the receipt when an order is saved";
    SettingsPrices => "价格表（元）", "Price list (yuan)";
    PricesHint => "留空 = 规格文件中的价格；回车保存。", "Empty = the spec file's price; Enter saves.";
    PriceFilter => "筛选规格", "Filter specs";
    PriceInvalid => "价格应为 0–9999 元，最多两位小数", "Price must be 0–9999 yuan with at most 2 decimals";
    RetryUnsaved => "有已通过的订单未能保存，点此重试", "Approved orders not saved: click to retry";
    RefusedTitle => "已通过的照片未保存：图像号已被使用", "Approved photo not saved: image number in use";
    RefusedNumber => "改用图像号", "Use image number";
    RefusedSaveTyped => "用此图像号保存", "Save with this number";
    RefusedSaveOwn => "改用本店编号保存", "Save with a studio number";
    RefusedTypeNumber => "请输入图像号，或改用本店编号", "Type an image number, or use a studio number";
    CaptureButton => "拍摄（空格）", "Capture (Space)";
    ImportButton => "打开照片（Ctrl+O）", "Open photo (Ctrl+O)";
    DropHint => "也可以把照片文件拖到窗口里", "Or drop a photo file onto the window";
    Processing => "正在分析和排版…", "Analysing and placing…";
    NoFrameToCapture => "还没有相机画面，无法拍摄", "No camera frame to capture yet";
    AdjustTitle => "调整与审核", "Adjust and approve";
    AdjustDragHint => "拖动移动 · 滚轮缩放 · [ ] 旋转", "Drag to move · wheel to zoom · [ ] to rotate";
    Rotate => "旋转（度）", "Rotate (°)";
    Exposure => "曝光", "Exposure";
    Contrast => "对比度", "Contrast";
    Temperature => "色温（冷 ↔ 暖）", "Temperature (cool ↔ warm)";
    Tint => "色调（绿 ↔ 品红）", "Tint (green ↔ magenta)";
    Whiten => "替换背景（B）", "Replace background (B)";
    NoRetouch => "不修图（N）", "No retouch (N)";
    ResetPlacement => "恢复自动排版（R）", "Reset to automatic placement (R)";
    TrueSize => "实际像素大小", "Actual pixel size";
    Checks => "检测结果", "Checks";
    CheckPass => "合格", "pass";
    CheckWarn => "注意", "warn";
    CheckFail => "不合格", "FAIL";
    Approve => "通过（Enter）", "Approve (Enter)";
    Retake => "重拍（Esc）", "Re-shoot (Esc)";
    ReasonTitle => "有检测未通过", "A check failed";
    ReasonHint => "仍要通过，请写明原因（保存在订单中）：", "To approve anyway, give the reason (kept with the order):";
    ReasonConfirm => "确认通过", "Approve anyway";
    Cancel => "取消", "Cancel";
    ApprovedSaved => "已通过并保存", "Approved and saved";
    RenderTook => "渲染", "render";
    ShortcutsTitle => "快捷键（F1）", "Keyboard shortcuts (F1)";
    KeySpace => "拍摄", "Capture";
    KeyEnter => "通过（有不合格项时需填写原因）", "Approve (a failing check asks for a reason)";
    KeyEsc => "重拍，回到预览（保留顾客）", "Re-shoot: back to the preview (customer kept)";
    KeyArrows => "移动照片 1 像素（Shift：10 像素）", "Move the photo 1 px (Shift: 10 px)";
    KeyZoom => "放大 / 缩小（也可用滚轮）", "Zoom in / out (or the wheel)";
    KeyRotate => "旋转 0.5°", "Rotate 0.5°";
    KeyB => "背景替换开 / 关", "Background replacement on / off";
    KeyN => "不修图开 / 关", "No retouch on / off";
    KeyR => "恢复自动排版", "Reset to automatic placement";
    KeyOpen => "打开照片文件", "Open a photo file";
    KeyFind => "搜索证件规格", "Search specs";
    KeyHelp => "显示 / 隐藏本表", "Show / hide this sheet";

    OrdersTitle => "订单列表", "Order list";
    ImageNumber => "图像号", "Image number";
    SearchNumber => "图像号开头", "Number starts with";
    SearchName => "姓名", "Name";
    SearchPhone => "手机号码", "Mobile number";
    DateFrom => "从（年-月-日）", "From (Y-M-D)";
    DateTo => "到", "To";
    Search => "搜索", "Search";
    Document => "证件", "Document";
    Status => "状态", "Status";
    CreatedAt => "时间", "Time";
    StatusPending => "待审核", "pending";
    StatusAwaitingUpload => "待上传", "awaiting upload";
    AwaitingCreated => "已保存，待上传到采集平台", "Saved, awaiting upload to the platform";
    AwaitingTitle => "待上传（等平台图像号）", "Awaiting upload (platform number)";
    AwaitingHint => "把相片上传到采集平台，再扫描或输入平台给的图像号：回执随即打印。", "Upload the photo to the collection platform, then scan or type the number it gives: the receipt prints then.";
    AwaitingSelectHint => "点订单号选中，再扫描图像号即可绑定", "Click an order number, then scan its image number";
    OpenUploadFolder => "打开上传文件夹", "Open upload folder";
    OrderNo => "订单号", "Order";
    Waited => "已等", "Waiting";
    UploadFile => "上传文件", "Upload file";
    CopyPath => "复制路径", "Copy path";
    AttachNumber => "绑定图像号", "Attach image number";
    Attach => "绑定", "Attach";
    ScanHint => "（可直接扫码）", "(or scan it)";
    NumberAttached => "已绑定图像号", "Image number attached";
    AttachNoOrder => "不在待上传列表中", "not in the awaiting-upload list";
    ReceiptAfterAttach => "待上传：绑定平台图像号后才能打印回执", "Awaiting upload: the receipt prints once the platform's number is attached";
    NumberingTitle => "编号", "Numbering";
    NumberingHint => "平台编号：相片上传到采集平台、绑定平台给的图像号后才打印回执（照相馆不是发证采集点时用）。本店编号：批准时即由本店编号并打印回执。", "Platform numbers: the receipt prints after the photo is uploaded to the collection platform and its number attached (for studios that are not the issuing collection point). Studio numbers: numbered here at approval, receipt at once.";
    EReceipt => "电子回执", "E-receipt";
    CopyForChat => "复制（发微信）", "Copy (for the chat)";
    SaveAs => "另存为", "Save as";
    SavePhotoAs => "保存电子版", "Save the digital photo";
    CopiedForChat => "已复制，可粘贴到与顾客的聊天中", "copied: paste it into the chat with the customer";
    SavedTo => "已保存到", "Saved to";
    EPhotoLine => "电子版（上传用相片）", "Digital photo (as uploaded)";
    ShareOff => "扫码领取未开启：店长可在「设置 › 隐私与备份」中开启", "Scan-to-download is off: the manager can switch it on in Settings › Privacy";
    ShareFailed => "扫码领取无法开始", "Scan-to-download could not start";
    ShareButton => "扫码领取", "Scan to download";
    ShareTitle => "请顾客用手机扫码领取", "The customer scans this with their phone";
    ShareHint => "手机连接本店 Wi-Fi 后扫码。链接只能下载一次，10 分钟内有效。", "On the studio's Wi-Fi. The link works once, for 10 minutes.";
    ShareNoNetwork => "本机没有连接局域网：手机无法打开这个链接，请改用「复制（发微信）」", "This PC is not on a network: a phone cannot open the link; use Copy instead";
    LastOrder => "上一单", "Last order";
    ShareDownloaded => "顾客已领取", "Downloaded by the customer";
    ShareExpiresIn => "剩余", "Expires in";
    ShareSetting => "扫码领取：顾客用手机扫码下载电子回执和电子版（仅限本店局域网，一次性链接）", "Scan to download: customers download their e-receipt and digital photo by scanning a QR code (studio network only, one-time links)";
    NumberingChoose => "请选择编号方式", "Choose who issues the numbers";
    NumberingQuestion => "回执上的图像号由谁编？", "Who issues the receipt's image number?";
    StatusPassed => "已通过", "passed";
    StatusFailed => "审核失败", "failed";
    StatusReshoot => "已重拍", "re-shot";
    Close => "关闭", "Close";
    Price => "价格", "Price";
    FailReason => "失败原因", "Reason";
    ApprovalReason => "检测未通过仍通过的原因", "Approved past a failing check because";
    MarkPassed => "审核通过", "Mark passed";
    MarkFailed => "审核失败", "Mark failed";
    MarkReshoot => "免费重拍（新图像号）", "Free re-shoot (new number)";
    AuditLog => "操作记录", "Audit log";
    OrdersEmpty => "还没有订单。拍摄并审核通过的照片会在这里生成订单。", "No orders yet. Every approved photo becomes an order here.";
    ExportTitle => "每日导出", "Daily export";
    ExportHint => "按日期导出当天订单（CSV、XLSX 和以图像号命名的照片）。", "Export one day's orders (CSV, XLSX and photos named by image number).";
    ExportDate => "日期", "Date";
    PreviousDay => "◀ 前一天", "◀ Previous day";
    NextDay => "后一天 ▶", "Next day ▶";
    Today => "今天", "Today";
    ExportBadDate => "日期应为 年-月-日，例如 2026-11-23", "The date must be YYYY-MM-DD, e.g. 2026-11-23";
    Loading => "正在读取…", "Loading…";
    OrdersUnit => "单", "orders";
    ReceiptsUnit => "份回执", "receipts";
    FreeReshoots => "免费重拍", "free re-shoots";
    ByDocument => "按证件", "By document";
    ByPayment => "按付款方式", "By payment";
    ByOperator => "按操作员", "By operator";
    OrdersPerHour => "每小时订单", "Orders per hour";
    OrdersPerDocument => "各证件订单", "Orders per document";
    ExpiringReceipts => "一周内到期、尚未审核的回执", "Receipts expiring within a week, not yet audited";
    ExpiringNone => "没有即将到期的回执。", "No receipts about to expire.";
    ExpiresToday => "今天到期", "expires today";
    DaysLeft => "天后到期", "days left";
    ExportRun => "导出当天订单", "Export the day's orders";
    ExportTo => "导出到", "Export to";
    ExportReceipts => "同时导出回执 PDF", "Also export the receipt PDFs";
    ExportFullNumbers => "完整身份证号和手机号（仅限店长；默认打码）", "Full ID numbers and phones (manager only; masked by default)";
    Unnamed => "（未填）", "(not given)";
    ExportButton => "导出", "Export";
    ExportDone => "已导出", "Exported";

    SettingsTitle => "系统设置", "Studio settings";
    SettingsStudio => "照相馆信息", "Studio";
    SettingsStudioHint => "打印在回执上的采集服务单位信息。", "Printed on receipts as the collection service unit.";
    StudioName => "名称", "Name";
    StudioAddress => "地址", "Address";
    StudioPhone => "电话", "Phone";
    StudioCity => "所在城市", "City";
    StudioCityNone => "（不选）", "(none)";
    FirstStartTitle => "欢迎使用：请先填写照相馆信息", "Welcome: first, your studio";
    FirstStartHint => "照相馆名称会作为「采集服务单位」印在每张回执上；电话印在顾客保留的存根上。所在城市的证件会排在规格列表最前，默认规格为本市身份证。", "The studio's name is printed on every receipt as the collection service unit; the phone goes on the customer's stub. Your city's documents come first in the spec list, and its ID card is the default spec.";
    FirstStartLater => "稍后再填", "Later";
    ReceiptNeedsStudio => "还没有填写照相馆名称，回执不能打印：回执上的「采集服务单位」不能空着", "No studio name yet, so no receipt can be printed: the receipt's collection service unit cannot be blank";
    SettingsLanguage => "界面语言", "Language";
    Save => "保存", "Save";
    Saved => "已保存", "Saved";
    SaveFailed => "保存失败", "Saving failed";
    Unsaved => "有未保存的修改", "Unsaved changes";

    SettingsSpecs => "规格库", "Photo specs";
    SpecsLoaded => "已载入规格", "Specs loaded";
    SpecsLocal => "本地规格（覆盖内置）", "Local specs (override built-in)";
    SpecsLocalFolder => "本地规格文件夹", "Local spec folder";
    SpecsBroken => "有错误的规格文件", "Spec files with errors";
    SpecsAllValid => "全部规格文件有效", "All spec files are valid";

    ErrStudioNameEmpty => "请填写照相馆名称", "Enter the studio's name";
    ErrStudioNameTooLong => "名称过长（最多 60 字）", "Name too long (at most 60 characters)";
    ErrStudioAddressTooLong => "地址过长（最多 120 字）", "Address too long (at most 120 characters)";
    ErrStudioPhoneInvalid => "电话只能包含数字、空格、“-”和“+”，6–20 位", "Phone: digits, spaces, '-' and '+', 6–20 characters";
    ErrQueueFull => "后台写入队列已满，未保存", "The background write queue is full; not saved";
    ErrDatabase => "数据库不可用，设置无法保存", "The database is unavailable; settings cannot be saved";
    DoFreeDisk => "请清理磁盘空间后重试", "free disk space, then retry";
    DoRetryLater => "请稍后重试", "retry in a moment";
    DoRestoreOrSupport => "重试无用：请在设置中恢复备份或联系技术支持", "retrying will not help: restore a backup in the settings or call support";
    DoCorrectAndSave => "重试无用：请更正后再试", "retrying will not help: correct it first";
    DoRetry => "可以重试", "you can retry";
    UnsavedStuck => "张已通过的相片无法保存", "approved photos cannot be saved";

    DbDamaged => "数据库已损坏", "The database is damaged";
    DbOpening => "正在打开数据库…", "Opening the database…";
    DbDamagedHint => "订单和设置都在数据库里。请恢复最近的备份；损坏的文件会另存，不会删除。", "Orders and settings live in the database. Restore the latest backup; the damaged file is kept aside, not deleted.";
    RestoreLatest => "恢复这个备份", "Restore this backup";
    NoBackup => "没有可用的备份：请联系技术支持，不要删除数据目录", "No backup available: call support, do not delete the data folder";
    PinTitle => "需要店长密码", "Manager PIN required";
    PinFor => "操作", "Action";
    PinField => "店长密码", "Manager PIN";
    PinChecking => "正在验证…", "Checking…";
    Confirm => "确定", "OK";
    SettingsPrivacy => "隐私与备份", "Privacy and backups";
    PinIsSet => "店长密码：已设置（设置、完整号码导出、删除订单、清除相片都需要它）", "Manager PIN: set (needed for settings, full-number export, deleting orders, purging photos)";
    PinNotSet => "店长密码：未设置。设置后，打开设置、导出完整号码、删除订单和清除相片都要输入它。", "Manager PIN: not set. Once set, it is asked for settings, full-number export, deleting orders and purging photos.";
    PinCurrent => "当前密码", "Current PIN";
    PinNew => "新密码（4–8 位数字）", "New PIN (4–8 digits)";
    PinAgain => "再输入一次", "New PIN again";
    PinSave => "设置店长密码", "Set manager PIN";
    LockNow => "锁定", "Lock";
    RetentionDays => "相片和原片保留天数", "Keep photos and originals (days)";
    RetentionHint => "过期订单的相片、原片和回执 PDF 会被清除，订单文字（图像号、姓名、金额）保留。每天开门时自动执行。", "Photos, originals and receipt PDFs of older orders are purged; the order text (number, name, price) stays. Runs at every start.";
    BackupsKept => "每日备份保留份数", "Daily backups kept";
    SavePrivacy => "保存隐私设置", "Save privacy settings";
    PurgeNow => "立即清除过期相片", "Purge expired photos now";
    BackupNow => "立即备份", "Back up now";
    LatestBackup => "最近备份", "Latest backup";
    BackupFolder => "备份文件夹", "Backup folder";
    ManagerLog => "店长操作记录", "Manager's audit log";
    DeleteOrder => "删除订单（顾客要求删除个人信息）", "Delete order (the customer asked to erase their data)";
    DeleteReason => "删除原因", "Reason";
    DeleteButton => "删除订单", "Delete order";
    GuardSettings => "打开设置", "Open the settings";
    GuardFullNumbers => "导出完整号码", "Export full ID numbers and phones";
    GuardPurge => "清除过期相片", "Purge expired photos";
    AuditChangeSettings => "更改设置", "Changed settings";
    AuditPinOk => "店长验证", "Manager PIN accepted";
    AuditPinWrong => "店长密码错误", "Wrong manager PIN";
    AuditBackup => "备份", "Backup";
    AuditRestore => "从备份恢复", "Restored from a backup";
    AuditPurge => "清除相片", "Purged photos";
    AuditWhoCli => "命令行", "command line";
    AuditPrinting => "打印设置", "printing";
    AuditNumbering => "编号方式", "numbering";
    AuditShareOn => "扫码领取：开", "scan to download: on";
    AuditShareOff => "扫码领取：关", "scan to download: off";
    PayWechat => "微信", "WeChat Pay";
    PayAlipay => "支付宝", "Alipay";
    PayCash => "现金", "Cash";
    PayCard => "银行卡", "Bank card";
    NoticePurged => "已清除相片和原片（订单文字保留），单数", "Photos and originals purged (order text kept), orders";
    NoticeDeleted => "已删除订单", "Order deleted";
    NoticeBackedUp => "已备份", "Backed up";
    NoticeRestored => "已从备份恢复", "Restored from the backup";
    NoticeDamagedKept => "损坏的文件保存为", "the damaged file is kept as";
    NoticeRestoreFailed => "恢复失败", "Restore failed";
    ErrSpecGoneRenumber => "规格已不存在，无法重新编号", "The spec is gone; cannot number it again";
    ErrNumberLayout => "图像号不符合该规格的版式", "The image number does not fit the spec's layout";
    PhotoPurged => "相片已按保留期限清除", "Photo purged after the retention period";
    RejectBackground => "背景不符合要求", "Background not as required";
    RejectOverexposed => "曝光过度", "Overexposed";
    RejectUnderexposed => "曝光不足", "Underexposed";
    RejectUnevenLight => "曝光不均匀", "Uneven light";
    RejectNotSharp => "图像不清晰", "Not sharp";
    RejectShadows => "图像有阴影", "Shadows";
    RejectFewPixels => "图像像素不足", "Too few pixels";
    RejectTilted => "头不能歪", "Head tilted";
    RejectTurned => "姿势不正", "Head turned";
    RejectTeeth => "不能露齿", "Teeth showing";
    RejectTinted => "配戴有色眼镜", "Tinted glasses";
    RejectGlare => "镜片或镜框反光", "Glare on lenses or frames";
    RejectHair => "头发不能遮住眉毛/眼睛/耳朵", "Hair covers eyebrows, eyes or ears";
    RejectHat => "不能戴帽子", "No hats allowed";
    RejectHeadLarge => "头部偏大", "Head too large";
    RejectHeadSmall => "头部偏小", "Head too small";
    SheetSixInch => "6 寸", "6-inch";
    SheetFiveInch => "5 寸", "5-inch";
    SheetFromUpload => "原始照片已不在，用的是上传用相片，画质较低", "the original is gone: printed from the upload photo, at lower quality";
}

/// A text the program puts together with measured numbers in it (a check's verdict, its measured
/// value, its allowed range), in both languages. The Chinese is the platform's own wording where
/// one exists and is what reports and stored reasons keep; the English is what an English counter
/// shows. Made with [`words!`](crate::words).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    pub zh: String,
    pub en: String,
}

impl Words {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Words {
        Words { zh: zh.into(), en: en.into() }
    }

    /// A text with no words in it (numbers and units such as "358×441", "±10 px"): the same in both.
    pub fn same(text: impl Into<String>) -> Words {
        let text = text.into();
        Words { en: text.clone(), zh: text }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_empty()
    }
}

impl From<Label> for Words {
    fn from(l: Label) -> Words {
        Words::new(l.zh(), l.en())
    }
}

/// Compared with a plain string, the Chinese (the platform's words) is meant.
impl PartialEq<&str> for Words {
    fn eq(&self, other: &&str) -> bool {
        self.zh == *other
    }
}

impl PartialEq<str> for Words {
    fn eq(&self, other: &str) -> bool {
        self.zh == other
    }
}

/// Reports (JSON) keep the Chinese, as before.
impl serde::Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.zh)
    }
}

/// A message (an error, mostly) that says itself in both languages: its `Display` is the Chinese,
/// [`Bilingual::en`] the English.
pub trait Bilingual: std::fmt::Display {
    fn en(&self) -> String;

    fn words(&self) -> Words {
        Words::new(self.to_string(), self.en())
    }

    fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.to_string(),
            Lang::En => self.en(),
        }
    }
}

/// `words!("离顶 {x} px", "{x} px from the top")`: both languages formatted from the same values.
#[macro_export]
macro_rules! words {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::domain::i18n::Words::new(format!($zh), format!($en))
    };
    ($zh:literal, $en:literal, $($arg:tt)*) => {
        $crate::domain::i18n::Words::new(format!($zh, $($arg)*), format!($en, $($arg)*))
    };
}

/// Words the program stored in Chinese on orders (the payment methods, the audit rejection
/// reasons), shown in `lang`: a known one is translated; anything else (a method typed elsewhere) as
/// stored. The audit log's words are `audit_log::shown`'s.
pub fn stored_words(text: &str, lang: Lang) -> String {
    const PAYMENTS: [Label; 4] = [Label::PayWechat, Label::PayAlipay, Label::PayCash, Label::PayCard];
    let known: Vec<Label> = PAYMENTS.iter().chain(&super::order_status::FAIL_REASONS).copied().collect();
    translate_stored(text, lang, &known)
}

/// `text`, stored in Chinese, in `lang`: when it is one of `known` or starts with one (删除订单 #12)
/// that part is translated; anything else stays as stored.
pub fn translate_stored(text: &str, lang: Lang, known: &[Label]) -> String {
    if lang == Lang::Zh {
        return text.to_owned();
    }
    match known.iter().find(|t| text.starts_with(t.zh())) {
        Some(t) => format!("{}{}", t.get(lang), &text[t.zh().len()..]),
        None => text.to_owned(),
    }
}

/// A line put together from labels, with the punctuation of the language: the Chinese full-width
/// colon, brackets, comma and list mark become ": ", " (", ")", ", " in English.
pub fn punct(lang: Lang, text: String) -> String {
    match lang {
        Lang::Zh => text,
        Lang::En => text
            .replace('：', ": ")
            .replace('（', " (")
            .replace('）', ")")
            .replace(['，', '、'], ", ")
            .replace(['「', '」'], "\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages_and_they_differ_in_script() {
        for t in Label::ALL {
            assert!(!t.zh().is_empty() && !t.en().is_empty(), "{t:?}");
            // The English text never carries CJK ideographs, the Chinese one always does (except
            // for labels that are the same symbol in both).
            assert!(!t.en().chars().any(is_cjk), "{t:?} English has CJK");
            assert!(t.zh().chars().any(is_cjk), "{t:?} Chinese has no CJK");
        }
    }

    #[test]
    fn lines_and_stored_actions_speak_the_language() {
        let line = format!("{}：12（{}：3）", Label::SpecsLoaded.zh(), Label::SpecsLocal.zh());
        assert_eq!(punct(Lang::Zh, line.clone()), line);
        assert!(!punct(Lang::En, "最近：a（b）c，d、e".into()).contains(['：', '（', '）', '，', '、']));
        assert_eq!(punct(Lang::En, "x：y（z）".into()), "x: y (z)");
        assert_eq!(super::super::audit_log::shown("删除订单 #12", Lang::En), "Delete order #12");
        assert_eq!(super::super::audit_log::shown("店长验证", Lang::En), Label::AuditPinOk.en());
        assert_eq!(super::super::audit_log::shown("店长验证", Lang::Zh), "店长验证");
        assert_eq!(stored_words("别的", Lang::En), "别的", "unknown words stay as stored");
        assert_eq!(stored_words("姿势不正", Lang::En), "Head turned");
    }

    fn is_cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }

    #[test]
    fn language_codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Label::ScreenCapture.get(Lang::Zh), "拍摄");
        assert_eq!(Label::ScreenCapture.get(Lang::En), "Capture");
    }
}
