<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ClerkGate</name>
    <message>
        <location filename="../../kiosk/app/clerk_gate.py" line="33" />
        <source>점원 PIN이 설정되지 않았습니다. 설치 담당자에게 문의하세요</source>
        <translation>No clerk PIN is set. Ask the installer</translation>
    </message>
</context>
<context>
    <name>DemoStrip</name>
    <message>
        <location filename="../../kiosk/app/widgets.py" line="138" />
        <source>데모 고객:</source>
        <translation>Demo customer:</translation>
    </message>
</context>
<context>
    <name>DevicesScreen</name>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="66" />
        <source>카메라</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="66" />
        <source>NFC 리더</source>
        <translation>NFC reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="67" />
        <source>영수증 프린터</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="67" />
        <source>은행 (오픈뱅킹)</source>
        <translation>Bank (Open Banking)</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="68" />
        <source>정상</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="68" />
        <source>연결 끊김</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="69" />
        <source>응답 없음</source>
        <translation>Not answering</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="69" />
        <source>설정 안 됨</source>
        <translation>Not configured</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="70" />
        <source>시작 중</source>
        <translation>Starting</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="70" />
        <source>용지 없음</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="71" />
        <source>용지 부족</source>
        <translation>Paper low</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="71" />
        <source>덮개 열림</source>
        <translation>Cover open</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="72" />
        <source>오프라인</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="72" />
        <location filename="../../kiosk/app/screens/devices.py" line="82" />
        <source>상태를 알 수 없음</source>
        <translation>Status unknown</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="73" />
        <source>연결 중</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="73" />
        <source>연결 실패</source>
        <translation>Connection failed</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="84" />
        <source>카메라 다시 연결</source>
        <translation>Reconnect camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="85" />
        <source>NFC 다시 연결</source>
        <translation>Reconnect NFC</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="86" />
        <source>시험 인쇄</source>
        <translation>Test print</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="87" />
        <source>못 뽑은 영수증 출력 ({n})</source>
        <translation>Print held receipts ({n})</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="89" />
        <source>설정</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="70"/>
        <source>점원 PIN</source>
        <translation>Clerk PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="77"/>
        <source>틀린 입력</source>
        <translation>Wrong tries</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="77"/>
        <source>잠김</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/devices.py" line="90" />
        <source>자세히</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="294" />
        <source>남은 전액 (결제 {amount})</source>
        <translation>all that is left of {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="297" />
        <source>결제 {id}에서 {amount}을 환불합니다.
점원 PIN을 입력하세요</source>
        <translation>Refund {amount} of payment {id}.
Enter the clerk PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="89" />
        <source>시각</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="89" />
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="90" />
        <source>수단</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="90" />
        <source>상태</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="91" />
        <source>영수증 재출력</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="92" />
        <source>환불</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="97" />
        <source>승인</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="97" />
        <source>거절</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="98" />
        <source>확인 중</source>
        <translation>Checking</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="99" />
        <source>미결제</source>
        <translation>Not paid</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="99" />
        <source>오류</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="106" />
        <source>결제를 고르세요</source>
        <translation>Choose a payment</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="108" />
        <source>결제번호 {id}</source>
        <translation>Payment {id}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="109" />
        <source>금액 {amount}</source>
        <translation>Amount {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="110" />
        <source>상태 {status}</source>
        <translation>Status {status}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="112" />
        <source>계좌 {account}</source>
        <translation>Account {account}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="120" />
        <source>환불 금액: 전액</source>
        <translation>Refund: all of it</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/history.py" line="121" />
        <source>환불 금액: {amount}</source>
        <translation>Refund: {amount}</translation>
    </message>
    <message>
        <source>부분 환불</source>
        <translation>Partly refunded</translation>
    </message>
    <message>
        <source>전액 환불</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <source>환불된 금액 {amount}</source>
        <translation>Refunded {amount}</translation>
    </message>
    <message>
        <source>남은 금액 {amount}</source>
        <translation>Remaining {amount}</translation>
    </message>
    <message>
        <source>은행 확인 중인 환불 {amount}</source>
        <translation>Refund being checked with the bank: {amount}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/app/window.py" line="118" />
        <source>결제 키오스크</source>
        <translation>Payment kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="140" />
        <source>결제 코드가 없는 태그입니다. 은행 앱의 결제 코드를 대 주세요</source>
        <translation>That tag carries no payment code. Tap your bank app's payment code</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="307" />
        <source>설정을 바꾸려면 점원 PIN을 입력하세요</source>
        <translation>Enter the clerk PIN to change the settings</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="361" />
        <source>은행에 연결하지 못했습니다. 장치 화면의 ‘자세히’에서 이유를 볼 수 있습니다</source>
        <translation>Cannot reach the bank. Details on the Devices screen say why</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="249" />
        <source>은행에 연결하는 중입니다. 잠시 후 다시 누르세요</source>
        <translation>Connecting to the bank. Press again in a moment</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="270" />
        <source>결제 서버에 연결되었습니다</source>
        <translation>Connected to the chain's server again</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="322" />
        <source>저장하지 못했습니다. 바뀐 것은 없습니다</source>
        <translation>Could not save: nothing was changed</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="336" />
        <source>환불되었습니다: {amount}원</source>
        <translation>Refunded: ₩{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="337" />
        <source>환불이 거절되었습니다: {amount}원</source>
        <translation>Refund declined: ₩{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/window.py" line="338" />
        <source>환불 결과를 은행에 확인하는 중입니다: {amount}원</source>
        <translation>Checking the refund with the bank: ₩{amount}</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <location filename="../../kiosk/app/i18n.py" line="39" />
        <source>{amount}원</source>
        <translation>₩{amount}</translation>
    </message>
</context>
<context>
    <name>PayScreen</name>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="150" />
        <source>또는 이 QR을 휴대폰 카메라로 찍고 지갑에서 패스키로 승인하세요</source>
        <translation>Or scan this QR with your phone's camera and approve it in the wallet with your passkey</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="172" />
        <source>연결 끊김</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="134" />
        <source>휴대폰의 결제 QR을 카메라에 보여 주시거나
휴대폰·워치·스티커를 리더기에 대 주세요</source>
        <translation>Show your payment QR code to the camera,
or tap your phone, watch or sticker on the reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="136" />
        <source>휴대폰의 결제 QR을 카메라에 보여 주세요</source>
        <translation>Show your phone's payment QR to the camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="137" />
        <source>휴대폰·워치·스티커를 리더기에 대 주세요</source>
        <translation>Tap your phone, watch or sticker on the reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="138" />
        <source>지금은 결제를 받을 수 없습니다. 점원에게 알려 주세요</source>
        <translation>No payment can be taken right now. Please tell the clerk</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="145" />
        <source>취소</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="147" />
        <source>QR 보여주기</source>
        <translation>Show QR</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="147" />
        <source>스티커 태그</source>
        <translation>Tap sticker</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="148" />
        <source>휴대폰 태그</source>
        <translation>Tap phone</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="152" />
        <source>은행에 결제를 요청하고 있습니다</source>
        <translation>Asking the bank</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="153" />
        <source>잠시만 기다려 주세요</source>
        <translation>One moment, please</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="154" />
        <source>{s}초 지남</source>
        <translation>{s} s so far</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="157" />
        <source>은행에 결과를 확인하고 있습니다</source>
        <translation>Checking with the bank</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="158" />
        <source>은행의 답이 늦어지고 있습니다. 이 결제는 다시 청구되지 않으니 기다려 주세요</source>
        <translation>The bank is slow to answer. This payment will not be charged twice; please wait</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="160" />
        <source>확인한 지 {s}초</source>
        <translation>Checking for {s} s</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="166" />
        <source>QR 카메라</source>
        <translation>QR camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="166" />
        <source>NFC 리더</source>
        <translation>NFC reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="167" />
        <source>사용 가능</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="168" />
        <source>준비 중</source>
        <translation>starting</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="168" />
        <source>없음</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="178" />
        <source>카메라에 QR을 보여 주세요</source>
        <translation>Show the QR to the camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="179" />
        <source>카메라 준비 중</source>
        <translation>Camera starting</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="180" />
        <source>카메라 없음</source>
        <translation>No camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="181" />
        <source>카메라 연결 끊김</source>
        <translation>Camera disconnected</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/pay.py" line="144" />
        <source>{s}초 후 취소됩니다</source>
        <translation>Cancels in {s} s</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../kiosk/app/widgets.py" line="163" />
        <source>확인</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/widgets.py" line="165" />
        <source>취소</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/widgets.py" line="173"/>
        <source>PIN이 맞지 않습니다</source>
        <translation>Wrong PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/widgets.py" line="179"/>
        <source>PIN이 여러 번 틀렸습니다. {minutes}분 후 다시 시도하세요</source>
        <translation>Too many wrong PINs. Try again in {minutes} min</translation>
    </message>
</context>
<context>
    <name>ReceiptDesk</name>
    <message>
        <location filename="../../kiosk/app/receipt_desk.py" line="81" />
        <source>영수증을 출력하지 못했습니다. 장치 화면에서 확인하세요</source>
        <translation>The receipt did not print. See the Devices screen</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/receipt_desk.py" line="102" />
        <source>닫기</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>EnrollScreen</name>
    <message>
        <source>휴대폰 카메라로 QR을 찍으면 지갑이 열립니다. 지갑에서 계좌를 등록하면 휴대폰으로 결제할 수 있습니다.</source>
        <translation>Scan the QR with your phone's camera: your wallet opens. Enroll your account there, then pay with your phone.</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="134" />
        <source>새 QR 만들기</source>
        <translation>New QR code</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="136" />
        <source>{s}초 동안 유효합니다</source>
        <translation>Valid for {s} s</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="139" />
        <source>휴대폰으로 QR 찍고 동의하기</source>
        <translation>Scan the QR and agree on a phone</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="142" />
        <location filename="../../kiosk/app/screens/enroll.py" line="145" />
        <source>계좌 등록</source>
        <translation>Register an account</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="143" />
        <source>등록 QR을 만들고 있습니다</source>
        <translation>Making the registration QR code</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="146" />
        <source>휴대폰 카메라로 QR을 찍고 은행 화면에서 동의해 주세요.
등록한 계좌로 이 키오스크에서 결제할 수 있습니다.</source>
        <translation>Scan the QR code with your phone's camera and agree on your bank's page.
You can then pay at this kiosk from the account you register.</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="149" />
        <source>등록되었습니다</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="152" />
        <source>출금에 동의한 계좌가 없습니다</source>
        <translation>No account was agreed for withdrawals</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="154" />
        <source>등록하지 못했습니다</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="158" />
        <source>시간이 지났습니다</source>
        <translation>Time is up</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/enroll.py" line="159" />
        <source>새 QR을 만들어 다시 등록해 주세요</source>
        <translation>Make a new QR code and register again</translation>
    </message>
</context>
<context>
    <name>ReportScreen</name>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="84" />
        <source>결제 건수</source>
        <translation>Payments</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="84" />
        <source>총 매출</source>
        <translation>Gross sales</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="85" />
        <source>환불</source>
        <translation>Refund</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="85" />
        <source>순 매출</source>
        <translation>Net sales</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="86" />
        <source>거절</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="86" />
        <source>확인 중</source>
        <translation>Checking</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="89" />
        <source>마감 보고서 (Z) 출력</source>
        <translation>Print closing (Z) report</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="92" />
        <source>오늘의 매출</source>
        <translation>Today's sales</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="94" />
        <source>{date} 매출</source>
        <translation>Sales on {date}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/report.py" line="95" />
        <location filename="../../kiosk/app/screens/report.py" line="97" />
        <location filename="../../kiosk/app/screens/report.py" line="99" />
        <source>{n}건</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>부가세 (순 매출 중)</source>
        <translation>VAT (in the net)</translation>
    </message>
    <message>
        <source>◀ 전날</source>
        <translation>◀ Day before</translation>
    </message>
    <message>
        <source>다음 날 ▶</source>
        <translation>Next day ▶</translation>
    </message>
    <message>
        <source>영업일과 시각은 한국 시간 (UTC+9)</source>
        <translation>Business days and times are Korea time (UTC+9)</translation>
    </message>
    <message>
        <source>시간대별 순 매출 (만원)</source>
        <translation>Net sales by hour (만 = 10,000 won)</translation>
    </message>
    <message>
        <source>{method} {n}건 · 순 매출 {net}</source>
        <translation>{method} × {n} · net {net}</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="89" />
        <source>영수증 보기</source>
        <translation>View receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="90" />
        <source>다시 확인</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="91" />
        <source>다시 결제</source>
        <translation>Try again</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="97" />
        <source>영수증 다시 출력</source>
        <translation>Print receipt again</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="92" />
        <source>새 거래</source>
        <translation>New sale</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="98" />
        <source>거절 전표 출력</source>
        <translation>Print a decline slip</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="105" />
        <source>결제가 완료되었습니다</source>
        <translation>Payment approved</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="107" />
        <source>승인번호 {no}</source>
        <translation>Approval no. {no}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="108" />
        <source>출금 계좌 {account}</source>
        <translation>Paid from {account}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="111" />
        <source>결제가 거절되었습니다</source>
        <translation>Payment declined</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="114" />
        <source>결제가 거절되었습니다. 청구되지 않았습니다</source>
        <translation>Declined: nothing was charged</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="116" />
        <source>결제 결과를 아직 모릅니다</source>
        <translation>The outcome is not known yet</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="117" />
        <source>점원: 결과가 확인될 때까지 상품을 건네지 말고, 다시 청구하지 마세요. ‘다시 확인’을 누르세요</source>
        <translation>Clerk: hold the goods until the outcome is known, and do not charge again. Press Check again</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="119" />
        <source>은행이 답하면 자동으로 정산됩니다</source>
        <translation>It settles by itself once the bank answers</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="120" />
        <source>결제번호 {id}</source>
        <translation>Payment {id}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="122" />
        <source>영수증이 출력되었습니다</source>
        <translation>Receipt printed</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="123" />
        <location filename="../../kiosk/app/screens/result.py" line="124" />
        <source>영수증을 출력하고 있습니다</source>
        <translation>Printing the receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/result.py" line="125" />
        <source>영수증을 출력하지 못했습니다. 장치 화면에서 다시 출력할 수 있습니다</source>
        <translation>The receipt did not print. Print it again from the Devices screen</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="260" />
        <source>상품</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="261" />
        <source>금액 입력</source>
        <translation>Key amount</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="262" />
        <source>전체 삭제</source>
        <translation>Clear all</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="263" />
        <source>금액 추가</source>
        <translation>Add amount</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="312" />
        <source>직접 입력</source>
        <translation>Keyed amount</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="321" />
        <source>상품을 누르면 여기에 담깁니다</source>
        <translation>Tap an item to add it here</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="325" />
        <source>합계 {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="326" />
        <source>부가세 {vat} 포함</source>
        <translation>Includes VAT {vat}</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="327" />
        <source>결제하기</source>
        <translation>Charge</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/sale.py" line="328" />
        <source>{total} 결제하기</source>
        <translation>Charge {total}</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="313" />
        <source>보기 전용입니다. 은행과 장치 설정은 설치 담당자가 설정 파일에서 바꾸고 키오스크를 다시 시작합니다 (kiosk config).</source>
        <translation>Read only. The installer changes the bank and device settings in the configuration file and restarts the kiosk (kiosk config).</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="130" />
        <source>메뉴</source>
        <translation>Menu</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="130" />
        <source>영수증·PIN</source>
        <translation>Receipt &amp; PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="131" />
        <source>설치 정보</source>
        <translation>Installation</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="133" />
        <source>저장</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="134" />
        <source>분류</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="134" />
        <source>이름</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="134" />
        <source>가격</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="135" />
        <source>영어 이름</source>
        <translation>English name</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="136" />
        <source>상품 추가</source>
        <translation>Add an item</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="137" />
        <source>고른 상품 삭제</source>
        <translation>Delete the chosen item</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="138" />
        <source>영수증 맨 아래 문구 (한 줄)</source>
        <translation>The receipt's closing line (one line)</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="139" />
        <source>확인</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="150" />
        <source>새 PIN이 정해졌습니다. 저장하면 바뀝니다</source>
        <translation>The new PIN is set. Save to change it</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="152" />
        <source>새 PIN을 한 번 더 누르세요</source>
        <translation>Type the new PIN once more</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/screens/settings.py" line="154" />
        <source>새 PIN (숫자 4~8자리)을 누르세요</source>
        <translation>Type a new PIN (4 to 8 digits)</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../kiosk/app/top_bar.py" line="51" />
        <source>판매</source>
        <translation>Sale</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/top_bar.py" line="51" />
        <source>등록</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/top_bar.py" line="52" />
        <source>내역</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/top_bar.py" line="52" />
        <source>정산</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/top_bar.py" line="53" />
        <source>장치</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/top_bar.py" line="60" />
        <source>카메라</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/top_bar.py" line="60" />
        <source>프린터</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/app/top_bar.py" line="60" />
        <source>● 결제 서버 끊김</source>
        <translation>● Server lost</translation>
    </message>
</context>
</TS>
