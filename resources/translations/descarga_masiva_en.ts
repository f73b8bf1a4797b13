<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="es_MX">
  <context>
    <name>BulkVerify</name>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="145" />
      <source>&amp;Continuar la verificación que quedó sin terminar (faltan {left} de {total})</source>
      <translation>&amp;Resume the unfinished check ({left} of {total} remaining)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="265" />
      <source>&amp;Detener</source>
      <translation>&amp;Stop</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="133" />
      <source>&amp;Todas las del filtro actual ({count})</source>
      <translation>&amp;All invoices in the current filter ({count})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="162" />
      <source>&amp;Verificar</source>
      <translation>&amp;Verify</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="268" />
      <source>Avance de la verificación en el SAT</source>
      <translation>SAT status check progress</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="282" />
      <source>Deteniendo la verificación…</source>
      <translation>Stopping the check…</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/invoices/verify.py" line="82" />
      <source>El SAT tiene canceladas %n facturas recibidas que estaban vigentes ({issuers}…): ya no son deducibles. El detalle está en Solicitudes.</source>
      <translation>
        <numerusform>%n received invoice that was active is now cancelled at SAT ({issuers}…): it is no longer deductible. The details are in Requests.</numerusform>
        <numerusform>%n received invoices that were active are now cancelled at SAT ({issuers}…): they are no longer deductible. The details are in Requests.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="76" />
      <source>El emisor</source>
      <translation>The issuer</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="71" />
      <source>Factura recibida cancelada</source>
      <translation>Received invoice cancelled</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="89" />
      <source>Facturas recibidas canceladas</source>
      <translation>Received invoices cancelled</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="126" />
      <source>Las facturas &amp;seleccionadas ({count})</source>
      <translation>The &amp;selected invoices ({count})</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="197" />
      <source>Pregunta al SAT por el estado de las facturas seleccionadas o de todas las del filtro actual.</source>
      <translation>Asks SAT for the status of the selected invoices or of all invoices in the current filter.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="265" />
      <source>Preparando la verificación…</source>
      <translation>Preparing the check…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="117" />
      <source>Se pregunta al servicio público de verificación del SAT (no se necesita la e.firma) si cada factura sigue vigente, y se guarda la respuesta: las canceladas dejan de sumarse. Se consulta a razón de {rate} por segundo para no saturar al SAT.</source>
      <translation>SAT's public verification service is asked whether each invoice is still active (the e.firma is not needed), and the answer is saved: cancelled invoices are no longer added to the totals. Queries are made at {rate} per second so as not to overload SAT.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="194" />
      <source>Ve&amp;rificar estado de varias en el SAT…</source>
      <translation>Chec&amp;k status in bulk with SAT…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="340" />
      <source>Verificación detenida: {checked} de {total} consultadas en el SAT, {changed} cambiaron de estado. Puedes continuarla después desde «Verificar estado de varias en el SAT».</source>
      <translation>Check stopped: {checked} of {total} checked with SAT, {changed} changed status. You can resume it later from “Check status in bulk with SAT”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="344" />
      <source>Verificación terminada: {checked} de {total} consultadas en el SAT; {changed} cambiaron de estado, {not_found} no las encontró el SAT y {failed} no se pudieron consultar. El detalle queda en Solicitudes.</source>
      <translation>Check finished: {checked} of {total} checked with SAT; {changed} changed status, {not_found} were not found by SAT and {failed} could not be checked. The details are in Requests.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="292" />
      <source>Verificando en el SAT: {done} de {total}. Cambiaron de estado: {changed}.</source>
      <translation>Checking with SAT: {done} of {total}. Status changed: {changed}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="273" />
      <source>Verificando en el SAT…</source>
      <translation>Checking with SAT…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="115" />
      <source>Verificar estado de varias facturas en el SAT</source>
      <translation>Check the status of multiple invoices with SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="114" />
      <location filename="../../desktop_app/gui/invoices/verify.py" line="267" />
      <source>Verificar estado en el SAT</source>
      <translation>Check status with SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="54" />
      <source>alrededor de un minuto</source>
      <translation>about a minute</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="51" />
      <source>menos de un minuto</source>
      <translation>less than a minute</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/invoices/verify.py" line="58" />
      <source>unas %n horas</source>
      <translation>
        <numerusform>about %n hour</numerusform>
        <numerusform>about %n hours</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/invoices/verify.py" line="56" />
      <source>unos %n minutos</source>
      <translation>
        <numerusform>about %n minute</numerusform>
        <numerusform>about %n minutes</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/verify.py" line="72" />
      <source>{issuer} canceló en el SAT la factura {uuid} por {total}: ya no es deducible. El detalle está en Solicitudes.</source>
      <translation>{issuer} cancelled invoice {uuid} for {total} at SAT: it is no longer deductible. The details are in Requests.</translation>
    </message>
  </context>
  <context>
    <name>DateField</name>
    <message>
      <location filename="../../desktop_app/gui/date_field.py" line="87" />
      <source>Abrir el calendario</source>
      <translation>Open the calendar</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/date_field.py" line="88" />
      <source>Abrir el calendario (Alt+↓)</source>
      <translation>Open the calendar (Alt+↓)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/date_field.py" line="82" />
      <source>Fecha en la forma día/mes/año, por ejemplo 15/01/2024</source>
      <translation>Date as month/day/year, for example 01/15/2024</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/date_field.py" line="81" />
      <source>dd/mm/aaaa</source>
      <translation>mm/dd/yyyy</translation>
    </message>
  </context>
  <context>
    <name>FolderImporter</name>
    <message>
      <location filename="../../desktop_app/gui/invoices/importer.py" line="53" />
      <source>&amp;Detener</source>
      <translation>&amp;Stop</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/importer.py" line="56" />
      <source>Avance de la importación</source>
      <translation>Import progress</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/importer.py" line="53" />
      <source>Buscando los archivos…</source>
      <translation>Looking for the files…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/importer.py" line="66" />
      <source>Deteniendo la importación…</source>
      <translation>Stopping the import…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/importer.py" line="77" />
      <source>Importando: {done} de {total} archivos.</source>
      <translation>Importing: {done} of {total} files.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/importer.py" line="55" />
      <source>Importar CFDI</source>
      <translation>Import CFDI</translation>
    </message>
  </context>
  <context>
    <name>Formatting</name>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="25" />
      <source>es_MX</source>
      <translation>en_US</translation>
    </message>
  </context>
  <context>
    <name>HistoryPage</name>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/history/page.py" line="377" />
      <source>%n ya estaba en la lista y no se duplicó.</source>
      <translation>
        <numerusform>%n was already in the list and was not duplicated.</numerusform>
        <numerusform>%n were already in the list and were not duplicated.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/history/page.py" line="379" />
      <source>%n ya estaban en la lista y no se duplicaron.</source>
      <translation>
        <numerusform>%n was already in the list and was not duplicated.</numerusform>
        <numerusform>%n were already in the list and were not duplicated.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="89" />
      <source>&amp;Buscar:</source>
      <translation>Sea&amp;rch:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="183" />
      <source>&amp;Contenido:</source>
      <translation>&amp;Content:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="182" />
      <source>&amp;Descargar:</source>
      <translation>&amp;Download:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="185" />
      <source>&amp;Estado del comprobante:</source>
      <translation>CFDI &amp;status:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="81" />
      <source>&amp;Estado:</source>
      <translation>&amp;Status:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="92" />
      <source>&amp;Nueva solicitud…</source>
      <translation>&amp;New request…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="181" />
      <source>&amp;Periodo del:</source>
      <translation>&amp;Period from:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="187" />
      <source>&amp;RFC a cuenta de terceros:</source>
      <translation>&amp;Third-party RFC:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="160" />
      <source>&amp;Solicitar</source>
      <translation>&amp;Request</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="184" />
      <source>&amp;Tipo de comprobante:</source>
      <translation>CFDI t&amp;ype:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="95" />
      <source>&amp;Verificar ahora</source>
      <translation>&amp;Check now</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="173" />
      <source>&amp;al</source>
      <translation>t&amp;o</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="196" />
      <source>(aún no asignado)</source>
      <translation>(not assigned yet)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="78" />
      <source>Abiertas</source>
      <translation>Open</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="29" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="121" />
      <source>Aceptada</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="137" />
      <source>Ahora</source>
      <translation>Now</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="137" />
      <source>Antes</source>
      <translation>Before</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="121" />
      <source>Aviso de las solicitudes</source>
      <translation>Requests notice</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="246" />
      <source>Bitácora (cada respuesta del SAT)</source>
      <translation>Log (every SAT response)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="86" />
      <source>Buscar en las solicitudes</source>
      <translation>Search requests</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="100" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="56" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="61" />
      <source>CFDI</source>
      <translation>CFDI</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="113" />
      <source>CFDI (XML)</source>
      <translation>CFDI (XML)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="112" />
      <source>CFDI o metadatos</source>
      <translation>CFDI or metadata</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="114" />
      <source>Cambiaron de estado</source>
      <translation>Status changed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="134" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="78" />
      <source>Cancelados</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="165" />
      <location filename="../../desktop_app/gui/history/new_request.py" line="167" />
      <source>Cancelar</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="105" />
      <source>Certificado inválido (se usó un CSD en lugar de la e.firma)</source>
      <translation>Invalid certificate (a CSD was used instead of the e.firma)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="104" />
      <source>Certificado revocado o caduco</source>
      <translation>Certificate revoked or expired</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="197" />
      <location filename="../../desktop_app/gui/history/detail.py" line="253" />
      <source>CodEstatus</source>
      <translation>CodEstatus</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="199" />
      <source>CodigoEstadoSolicitud</source>
      <translation>CodigoEstadoSolicitud</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/model.py" line="46" />
      <source>Comprobantes</source>
      <translation>CFDI</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/model.py" line="54" />
      <source>Comprobantes descargados e integrados a tus facturas</source>
      <translation>CFDI downloaded and added to your invoices</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="187" />
      <source>Comprobantes encontrados</source>
      <translation>CFDI found</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="150" />
      <source>Comprobantes integrados: {count} de {expected} que informó el SAT. No se pudieron leer de sus paquetes: {missing} (el motivo está en los eventos de la solicitud).</source>
      <translation>Documents added: {count} of the {expected} SAT reported. Not readable from its packages: {missing} (the request's events say why).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="188" />
      <source>Comprobantes procesados</source>
      <translation>CFDI processed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/model.py" line="53" />
      <source>Comprobantes que el SAT encontró en el periodo</source>
      <translation>CFDI that SAT found in the period</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="32" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="86" />
      <source>Con error</source>
      <translation>Failed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="113" />
      <source>Consultadas</source>
      <translation>Checked</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="345" />
      <source>Consultadas en el SAT: {checked} de {total}. Cambiaron de estado: {changed}. No encontradas en el SAT: {not_found}. No se pudieron consultar: {failed}.</source>
      <translation>Checked with SAT: {checked} of {total}. Status changed: {changed}. Not found at SAT: {not_found}. Could not be checked: {failed}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="439" />
      <location filename="../../desktop_app/gui/history/page.py" line="300" />
      <location filename="../../desktop_app/gui/history/page.py" line="433" />
      <source>Consultando al SAT…</source>
      <translation>Checking with SAT…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="219" />
      <location filename="../../desktop_app/gui/history/model.py" line="49" />
      <location filename="../../desktop_app/gui/history/verifications.py" line="128" />
      <source>Creada</source>
      <translation>Created</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="255" />
      <source>Código</source>
      <translation>Code</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="81" />
      <source>Datos, códigos del SAT, paquetes y bitácora de la solicitud</source>
      <translation>Request data, SAT codes, packages and log</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="269" />
      <source>De los recibidos sólo se piden los vigentes: el SAT ya no entrega el XML de los recibidos cancelados. Pide Metadatos para conocer el estado de los cancelados.</source>
      <translation>Only the active received invoices are requested: SAT no longer delivers the XML of cancelled received invoices. Request Metadata to learn which were cancelled.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="92" />
      <source>Descarga</source>
      <translation>Download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="84" />
      <source>Descargado</source>
      <translation>Downloaded</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="83" />
      <source>Descargando</source>
      <translation>Downloading</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="230" />
      <source>Descargas usadas</source>
      <translation>Downloads used</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="63" />
      <source>Detalle de la solicitud</source>
      <translation>Request details</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="313" />
      <source>Detalle técnico: {message}</source>
      <translation>Technical details: {message}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="36" />
      <source>Detenida</source>
      <translation>Stopped</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="82" />
      <source>Disponible en el SAT</source>
      <translation>Available at SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="230" />
      <source>Documentos</source>
      <translation>Documents</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="71" />
      <source>E Egreso</source>
      <translation>E Expense</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="122" />
      <source>Egreso</source>
      <translation>Expense</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="300" />
      <source>El RFC a cuenta de terceros no es válido: tiene 12 (moral) o 13 (física) caracteres.</source>
      <translation>The third-party RFC is not valid: it has 12 (legal entity) or 13 (individual) characters.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="41" />
      <source>El SAT aceptó la solicitud y la tiene en cola.</source>
      <translation>SAT accepted the request and has it queued.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="46" />
      <source>El SAT dejó de responder; se puede continuar después.</source>
      <translation>SAT stopped responding; it can be resumed later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="70" />
      <source>El SAT dijo que aceptó la solicitud pero su respuesta no traía el número de solicitud, así que no se puede seguir. No se reenvió sola porque el SAT permite sólo dos solicitudes idénticas; créala de nuevo si la necesitas.</source>
      <translation>SAT said it accepted the request but its answer carried no request number, so it cannot be followed. It was not resent automatically because SAT allows only two identical requests; create it again if you need it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="122" />
      <source>El SAT dijo que la solicitud terminó con {count} comprobantes pero no indicó ningún paquete; se le volverá a preguntar.</source>
      <translation>SAT said the request finished with {count} documents but listed no package; it will be asked again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="42" />
      <source>El SAT está armando los paquetes, o se están descargando.</source>
      <translation>SAT is preparing the packages, or they are being downloaded.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="99" />
      <source>El SAT indica que el certificado de la e.firma está revocado o caduco (304).</source>
      <translation>SAT reports that the e.firma certificate is revoked or expired (304).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="102" />
      <source>El SAT indica que el certificado no sirve para este servicio (305): usa la e.firma, no el CSD.</source>
      <translation>SAT reports that the certificate cannot be used for this service (305): use the e.firma, not the CSD.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="106" />
      <source>El SAT indica que este RFC no puede descargar esos comprobantes (5001).</source>
      <translation>SAT reports that this RFC cannot download those CFDI (5001).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="132" />
      <source>El SAT indicó que el periodo tiene más comprobantes de los que entrega en una solicitud, pero dura apenas una o dos horas: no se dividió más (ningún emisor timbra tantos); vuelve a solicitarlo más tarde o por tipo de comprobante.</source>
      <translation>SAT said the period has more documents than it hands out in one request, but it is only an hour or two long: it was not split further (no issuer stamps that many); request it again later or by kind of document.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="80" />
      <source>El SAT no aceptó la sesión (300); la solicitud se enviará de nuevo más tarde.</source>
      <translation>SAT did not accept the session (300); the request will be sent again later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="126" />
      <source>El SAT no encontró comprobantes en el periodo.</source>
      <translation>SAT found no CFDI in the period.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="88" />
      <source>El SAT no encontró un comprobante con ese folio.</source>
      <translation>SAT found no CFDI with that folio.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="294" />
      <source>El SAT no entrega el XML de los recibidos cancelados: con «Emitidos y recibidos» elige Todos o Vigentes, o pide Metadatos.</source>
      <translation>SAT does not deliver the XML of cancelled received invoices: with “Issued and received” choose All or Active, or request Metadata.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="142" />
      <source>El SAT no pudo procesar la solicitud ({code}: {message}).</source>
      <translation>SAT could not process the request ({code}: {message}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="105" />
      <source>El SAT no reconoce al usuario (300).</source>
      <translation>SAT does not recognize the user (300).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="139" />
      <source>El SAT rechazó la solicitud ({code}: {message}).</source>
      <translation>SAT rejected the request ({code}: {message}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="96" />
      <source>El SAT rechazó la solicitud por no ser válida: {message}</source>
      <translation>SAT rejected the request as not valid: {message}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="109" />
      <source>El SAT rechazó la solicitud: {code} {message}</source>
      <translation>SAT rejected the request: {code} {message}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="163" />
      <source>El SAT respondió mal al descargar el paquete {package}; el SAT permite una descarga más, que se intentará más tarde.</source>
      <translation>SAT's answer was broken while downloading package {package}; SAT allows one more download, which will be tried later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="145" />
      <source>El SAT respondió un estado inesperado ({state}); se le volverá a preguntar.</source>
      <translation>SAT returned an unexpected status ({state}); it will be asked again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="119" />
      <source>El SAT respondió {code} ({message}) al verificar; se le volverá a preguntar.</source>
      <translation>SAT returned {code} ({message}) when checking; it will be asked again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="77" />
      <source>El SAT respondió «Error no controlado»; la solicitud se enviará de nuevo más tarde.</source>
      <translation>SAT returned “Error no controlado” (unhandled error); the request will be sent again later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="450" />
      <source>El SAT respondió: {status}.</source>
      <translation>SAT replied: {status}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="245" />
      <source>El SAT todavía no entrega paquetes para esta solicitud.</source>
      <translation>SAT has not delivered packages for this request yet.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="90" />
      <source>El SAT ya no acepta más solicitudes idénticas de este periodo (5002).</source>
      <translation>SAT no longer accepts identical requests for this period (5002).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="93" />
      <source>El SAT ya tiene una solicitud idéntica en proceso (5005).</source>
      <translation>SAT already has an identical request in progress (5005).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="197" />
      <source>El detalle está en Solicitudes.</source>
      <translation>The details are in Requests.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="154" />
      <source>El paquete {package} llegó dañado; se integró lo que se pudo leer y se usará la segunda descarga que permite el SAT más tarde.</source>
      <translation>Package {package} arrived damaged; what could be read was added, and the second download SAT allows will be used later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="53" />
      <source>El periodo termina hoy: se pidió hasta el {moment} (hora de la Ciudad de México); pide el resto del día cuando haya pasado.</source>
      <translation>The period ends today: it was requested up to {moment} (Mexico City time); request the rest of the day once it has passed.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="127" />
      <source>El periodo tiene más comprobantes de los que el SAT entrega en una solicitud; se dividió en dos solicitudes que aparecen en la lista.</source>
      <translation>The period has more CFDI than SAT delivers in one request; it was split into two requests, which appear in the list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="103" />
      <source>El sello no corresponde con el RFC solicitante</source>
      <translation>The seal does not match the requesting RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="221" />
      <source>Emisión más antigua</source>
      <translation>Oldest issue date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="222" />
      <source>Emisión más reciente</source>
      <translation>Newest issue date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="137" />
      <source>Emisor</source>
      <translation>Issuer</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="335" />
      <source>Emitidas</source>
      <translation>Issued</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="107" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="51" />
      <source>Emitidos</source>
      <translation>Issued</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="105" />
      <source>Emitidos o recibidos</source>
      <translation>Issued or received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="108" />
      <source>Emitidos y recibidos</source>
      <translation>Issued and received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="35" />
      <source>En pausa</source>
      <translation>Paused</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="30" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="122" />
      <source>En proceso</source>
      <translation>In progress</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="407" />
      <source>Enviando la solicitud…</source>
      <translation>Sending the request…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="162" />
      <source>Enviar la solicitud al SAT</source>
      <translation>Send the request to SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="230" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="124" />
      <source>Error</source>
      <translation>Error</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="154" />
      <source>Error en la solicitud</source>
      <translation>Request error</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="112" />
      <source>Error interno en el proceso</source>
      <translation>Internal error in the process</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="106" />
      <source>Error no controlado (se reintenta más tarde)</source>
      <translation>Unhandled error (retried later)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="167" />
      <source>Esperando espacio libre en disco para integrar el paquete {package}.</source>
      <translation>Waiting for free disk space to add package {package}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="170" />
      <source>Esperando espacio libre en disco: el paquete {package} necesita unos {size}.</source>
      <translation>Waiting for free disk space: package {package} needs about {size}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="181" />
      <location filename="../../desktop_app/gui/history/detail.py" line="185" />
      <location filename="../../desktop_app/gui/history/detail.py" line="230" />
      <source>Estado</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="215" />
      <location filename="../../desktop_app/gui/history/new_request.py" line="131" />
      <source>Estado del comprobante</source>
      <translation>CFDI status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="115" />
      <source>Estado desconocido</source>
      <translation>Unknown status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="198" />
      <location filename="../../desktop_app/gui/history/detail.py" line="254" />
      <source>EstadoSolicitud</source>
      <translation>EstadoSolicitud</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="186" />
      <location filename="../../desktop_app/gui/history/verifications.py" line="111" />
      <source>Explicación</source>
      <translation>Explanation</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="112" />
      <source>Facturas a consultar</source>
      <translation>Invoices to check</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="133" />
      <source>Facturas que cambiaron de estado</source>
      <translation>Invoices whose status changed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="154" />
      <source>Facturas que no se pudieron consultar</source>
      <translation>Invoices that could not be checked</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="117" />
      <source>Faltan</source>
      <translation>Remaining</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="251" />
      <location filename="../../desktop_app/gui/history/verifications.py" line="137" />
      <source>Fecha</source>
      <translation>Date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="95" />
      <source>Fecha final del periodo</source>
      <translation>Period end date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="94" />
      <source>Fecha inicial del periodo</source>
      <translation>Period start date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="76" />
      <source>Filtrar por estado</source>
      <translation>Filter by status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="340" />
      <source>Filtro de la lista: {what}</source>
      <translation>List filter: {what}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="53" />
      <source>Folio</source>
      <translation>Folio</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="217" />
      <location filename="../../desktop_app/gui/history/verifications.py" line="137" />
      <location filename="../../desktop_app/gui/history/verifications.py" line="157" />
      <source>Folio fiscal (UUID)</source>
      <translation>Fiscal folio (UUID)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="40" />
      <source>Guardada; todavía no la acepta el SAT.</source>
      <translation>Saved; SAT has not accepted it yet.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="67" />
      <source>Historial</source>
      <translation>History</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="70" />
      <source>I Ingreso</source>
      <translation>I Income</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="196" />
      <source>IdSolicitud</source>
      <translation>IdSolicitud</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="87" />
      <source>IdSolicitud, periodo, tipo, mensaje…</source>
      <translation>IdSolicitud, period, type, message…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="210" />
      <source>Identificador</source>
      <translation>Identifier</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="121" />
      <source>Ingreso</source>
      <translation>Income</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="93" />
      <source>Integración</source>
      <translation>Adding to invoices</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="85" />
      <source>Integrado</source>
      <translation>Added</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="157" />
      <source>Intentos</source>
      <translation>Attempts</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="37" />
      <source>Interrumpida</source>
      <translation>Interrupted</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="48" />
      <source>La aplicación se cerró antes de terminar; se puede continuar.</source>
      <translation>The app closed before it finished; it can be resumed.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="64" />
      <source>La aplicación se cerró mientras enviaba la solicitud y no se sabe si el SAT la recibió. No se reenvió sola porque el SAT permite sólo dos solicitudes idénticas; créala de nuevo si la necesitas.</source>
      <translation>The app closed while sending the request and it is unknown whether SAT received it. It was not resent automatically because SAT allows only two identical requests; create it again if you need it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="196" />
      <source>La aplicación se cerró mientras enviaba la solicitud: no se sabe si el SAT la recibió.</source>
      <translation>The app closed while it was sending the request: it is not known whether SAT received it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="292" />
      <source>La fecha final no puede ser anterior a la fecha inicial.</source>
      <translation>The end date cannot be earlier than the start date.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="384" />
      <source>La lista se actualiza sola conforme responde el SAT.</source>
      <translation>The list updates itself as SAT answers.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="44" />
      <source>La solicitud no se pudo completar; ve el detalle.</source>
      <translation>The request could not be completed; see the details.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="85" />
      <source>La solicitud se enviará de nuevo más tarde.</source>
      <translation>The request will be sent again later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="339" />
      <source>Las que ya se pidieron no se vuelven a pedir.</source>
      <translation>Those already requested are not requested again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="37" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="306" />
      <source>Los paquetes del SAT vencieron (duran 72 horas) antes de descargarse; vuelve a solicitar el periodo.</source>
      <translation>SAT's packages expired (they last 72 hours) before they were downloaded; request the period again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="45" />
      <source>Los paquetes vencieron antes de descargarse.</source>
      <translation>The packages expired before they were downloaded.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="116" />
      <source>Límite de descargas por folio por día</source>
      <translation>Daily download limit per folio</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="65" />
      <source>Manual</source>
      <translation>Manual</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="200" />
      <location filename="../../desktop_app/gui/history/detail.py" line="256" />
      <source>Mensaje</source>
      <translation>Message</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="114" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="57" />
      <source>Metadatos</source>
      <translation>Metadata</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="157" />
      <source>Motivo</source>
      <translation>Reason</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="114" />
      <source>Máximo de descargas permitidas (dos por paquete)</source>
      <translation>Maximum downloads allowed (two per package)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="73" />
      <source>N Nómina</source>
      <translation>N Payroll</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="152" />
      <source>Ninguna factura cambió de estado.</source>
      <translation>No invoice changed status.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="115" />
      <source>No encontradas en el SAT</source>
      <translation>Not found at SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="113" />
      <source>No existe el paquete solicitado (los paquetes duran 72 horas)</source>
      <translation>The requested package does not exist (packages last 72 hours)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="110" />
      <source>No se encontró la información</source>
      <translation>The information was not found</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="117" />
      <source>No se permite la descarga de XML cancelados</source>
      <translation>Downloading cancelled XML is not allowed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="116" />
      <source>No se pudieron consultar</source>
      <translation>Could not be checked</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="158" />
      <source>No se pudieron descargar o integrar todos los paquetes ({packages}); el motivo de cada uno aparece en la lista de paquetes.</source>
      <translation>Not every package could be downloaded or added ({packages}); the reason for each one is in the package list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="310" />
      <source>No se pudo completar la solicitud. Detalle técnico: {message}</source>
      <translation>The request could not be completed. Technical details: {message}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="114" />
      <source>No se pudo consultar al SAT sobre esta solicitud; se le volverá a preguntar más tarde.</source>
      <translation>SAT could not be asked about this request; it will be asked again later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="84" />
      <source>No se pudo contactar al SAT; la solicitud se enviará de nuevo más tarde.</source>
      <translation>SAT could not be reached; the request will be sent again later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="41" />
      <source>No se pudo establecer una conexión segura con el SAT: su certificado de seguridad no fue aceptado. Revisa que la fecha y la hora de tu computadora sean correctas, o el antivirus o proxy que revisa las conexiones seguras (HTTPS).</source>
      <translation>A secure connection to SAT could not be made: its security certificate was not accepted. Check that your computer's date and time are correct, or the antivirus or proxy that inspects secure (HTTPS) connections.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="138" />
      <source>Nota sobre el estado del comprobante</source>
      <translation>Note about the CFDI status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="80" />
      <location filename="../../desktop_app/gui/history/new_request.py" line="81" />
      <location filename="../../desktop_app/gui/history/page.py" line="94" />
      <source>Nueva solicitud al SAT</source>
      <translation>New request to SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="124" />
      <source>Nómina</source>
      <translation>Payroll</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="143" />
      <source>Opcional</source>
      <translation>Optional</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="252" />
      <source>Operación</source>
      <translation>Operation</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="218" />
      <location filename="../../desktop_app/gui/history/model.py" line="48" />
      <location filename="../../desktop_app/gui/history/verifications.py" line="127" />
      <source>Origen</source>
      <translation>Source</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="72" />
      <source>P Pago</source>
      <translation>P Payment</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="123" />
      <source>Pago</source>
      <translation>Payment</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="230" />
      <source>Paquete</source>
      <translation>Package</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="227" />
      <source>Paquete {0}: nuevos: {1}; actualizados: {2}; sin cambios: {3}; omitidos: {4}</source>
      <translation>Package {0}: new: {1}; updated: {2}; unchanged: {3}; skipped: {4}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="226" />
      <source>Paquetes</source>
      <translation>Packages</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="43" />
      <source>Paquetes descargados e integrados.</source>
      <translation>Packages downloaded and added.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="258" />
      <source>Para CFDI recibidos sólo se piden los vigentes: el SAT ya no entrega el XML de los recibidos cancelados. Pide Metadatos para conocer el estado de los cancelados.</source>
      <translation>For received CFDI only active ones are requested: SAT no longer delivers the XML of cancelled received CFDI. Request Metadata to see which ones are cancelled.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="206" />
      <location filename="../../desktop_app/gui/history/verifications.py" line="121" />
      <source>Parámetros</source>
      <translation>Parameters</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="28" />
      <source>Pendiente</source>
      <translation>Pending</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="213" />
      <location filename="../../desktop_app/gui/history/model.py" line="45" />
      <source>Periodo</source>
      <translation>Period</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="190" />
      <source>Pide al SAT los comprobantes de un periodo. El SAT entrega hasta un mes por solicitud: un periodo más largo se pide en una solicitud por mes, y «Emitidos y recibidos» en una de cada uno.</source>
      <translation>Ask SAT for the invoices of a period. SAT delivers up to one month per request: a longer period is asked for in one request per month, and “Issued and received” in one of each.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="98" />
      <source>Pregunta al SAT por las solicitudes abiertas y descarga lo que esté listo.</source>
      <translation>Asks SAT about open requests and downloads whatever is ready.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/model.py" line="47" />
      <source>Procesados</source>
      <translation>Processed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="66" />
      <source>Programada</source>
      <translation>Scheduled</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="202" />
      <source>Próxima consulta</source>
      <translation>Next check</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="173" />
      <source>Qué pasa: el SAT está preparando esta solicitud (unos minutos, a veces horas). La aplicación le vuelve a preguntar {when} y descarga los paquetes en cuanto estén listos; no tienes que hacer nada.</source>
      <translation>What is happening: SAT is preparing this request (a few minutes, sometimes hours). The app asks again {when} and downloads the packages as soon as they are ready; you do not need to do anything.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="70" />
      <source>Qué pasó y qué hacer</source>
      <translation>What happened and what to do</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="154" />
      <source>Qué pasó: el SAT preparó los paquetes, pero vencieron (duran 72 horas) antes de que se descargaran. Qué hacer: usa «Volver a solicitar» para pedir el mismo periodo otra vez; el SAT permite dos solicitudes idénticas por periodo.</source>
      <translation>What happened: SAT prepared the packages, but they expired (they last 72 hours) before they were downloaded. What to do: use “Request again” to ask for the same period once more; SAT allows two identical requests per period.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="73" />
      <source>Qué pasó: el SAT tiene canceladas {count} facturas recibidas que estaban vigentes: ya no son deducibles. Qué hacer: pide al emisor que te explique la cancelación o que te dé la factura que la sustituye.</source>
      <translation>What happened: received invoices that were active are now cancelled at SAT ({count}): they are no longer deductible. What to do: ask the issuer to explain the cancellation or to give you the invoice that replaces the cancelled one.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="160" />
      <source>Qué pasó: {what} Qué hacer: revisa la respuesta del SAT abajo; si el problema ya se resolvió (por ejemplo, el SAT no respondía), usa «Volver a solicitar».</source>
      <translation>What happened: {what} What to do: check SAT's response below; if the problem is solved (for example, SAT was not responding), use “Request again”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="86" />
      <source>Qué pasó: {why} Faltan {left}. Qué hacer: en Facturas, «Verificar estado de varias en el SAT…» → «Continuar»; no se vuelve a preguntar lo ya respondido.</source>
      <translation>What happened: {why} {left} remaining. What to do: in Invoices, “Check status in bulk with SAT…” → “Resume”; invoices already answered are not asked about again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="83" />
      <source>Qué pasó: {why} Faltan {left}; la descarga diaria continúa sola.</source>
      <translation>What happened: {why} {left} remaining; the daily download resumes it on its own.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="125" />
      <source>Qué se verificó</source>
      <translation>What was checked</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="216" />
      <source>RFC a cuenta de terceros</source>
      <translation>Third-party RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="142" />
      <source>RFC a cuenta de terceros (opcional)</source>
      <translation>Third-party RFC (optional)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="125" />
      <source>Rechazada</source>
      <translation>Rejected</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="335" />
      <source>Recibidas</source>
      <translation>Received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="328" />
      <source>Recibidas vigentes emitidas desde el {day}</source>
      <translation>Active received invoices issued since {day}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="106" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="52" />
      <source>Recibidos</source>
      <translation>Received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="94" />
      <source>Recuperación</source>
      <translation>Recovery</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="192" />
      <source>Respuesta del SAT</source>
      <translation>SAT response</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="156" />
      <source>Retenciones</source>
      <translation>Withholdings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="101" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="62" />
      <source>Retenciones e información de pagos</source>
      <translation>Withholdings and payment information</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="126" />
      <source>Ritmo</source>
      <translation>Pace</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="108" />
      <source>Se agotaron las solicitudes de por vida con estos criterios</source>
      <translation>The lifetime requests with these criteria are used up</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/history/page.py" line="373" />
      <source>Se crearon %n solicitudes.</source>
      <translation>
        <numerusform>%n request created.</numerusform>
        <numerusform>%n requests created.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="321" />
      <source>Se creará 1 solicitud al SAT.</source>
      <translation>1 request to SAT will be created.</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/history/new_request.py" line="332" />
      <source>Se crearán %n solicitudes al SAT, una por mes de emitidos y otra de recibidos: el SAT entrega hasta un mes por solicitud.</source>
      <translation>
        <numerusform>%n request to SAT will be created, one per month for issued and another for received: SAT delivers up to one month per request.</numerusform>
        <numerusform>%n requests to SAT will be created, one per month for issued and another for received: SAT delivers up to one month per request.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/history/new_request.py" line="325" />
      <source>Se crearán %n solicitudes al SAT, una por mes: el SAT entrega hasta un mes por solicitud.</source>
      <translation>
        <numerusform>%n request to SAT will be created, one per month: SAT delivers up to one month per request.</numerusform>
        <numerusform>%n requests to SAT will be created, one per month: SAT delivers up to one month per request.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="323" />
      <source>Se crearán 2 solicitudes al SAT: una de emitidos y una de recibidos.</source>
      <translation>2 requests to SAT will be created: one for issued and one for received.</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/history/page.py" line="371" />
      <source>Se creó %n solicitud.</source>
      <translation>
        <numerusform>%n request created.</numerusform>
        <numerusform>%n requests created.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/history/status_notes.py" line="34" />
      <source>Se descargaron e integraron %n comprobantes.</source>
      <translation>
        <numerusform>%n CFDI was downloaded and added.</numerusform>
        <numerusform>%n CFDI were downloaded and added.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/history/status_notes.py" line="33" />
      <source>Se descargó e integró %n comprobante.</source>
      <translation>
        <numerusform>%n CFDI was downloaded and added.</numerusform>
        <numerusform>%n CFDI were downloaded and added.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="47" />
      <source>Se detuvo a petición tuya; se puede continuar después.</source>
      <translation>Stopped at your request; it can be resumed later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="117" />
      <source>Se le volverá a preguntar al SAT más tarde.</source>
      <translation>SAT will be asked again later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/status_notes.py" line="54" />
      <source>Se perdió la respuesta del SAT y no se sabe si registró la solicitud. No se reenvió sola porque el SAT permite sólo dos solicitudes idénticas; créala de nuevo si la necesitas.</source>
      <translation>SAT's response was lost and it is unknown whether it registered the request. It was not resent automatically because SAT allows only two identical requests; create it again if you need it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="65" />
      <location filename="../../desktop_app/gui/history/detail.py" line="101" />
      <source>Selecciona una solicitud para ver su detalle.</source>
      <translation>Select a request to see its details.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="102" />
      <source>Sello mal formado</source>
      <translation>Malformed seal</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="180" />
      <source>Ser&amp;vicio:</source>
      <translation>Ser&amp;vice:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="211" />
      <source>Servicio</source>
      <translation>Service</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="99" />
      <source>Servicio del SAT</source>
      <translation>SAT service</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="120" />
      <source>Sin estado (el SAT respondió con un error)</source>
      <translation>No status (SAT returned an error)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="90" />
      <source>Solicitud al SAT</source>
      <translation>Request to SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="350" />
      <source>Solicitud creada: {status}. La lista se actualiza sola conforme responde el SAT.</source>
      <translation>Request created: {status}. The list updates itself as SAT responds.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="99" />
      <source>Solicitud recibida con éxito</source>
      <translation>Request received successfully</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="102" />
      <source>Solicitudes al SAT</source>
      <translation>Requests to SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="148" />
      <source>Solicitudes que se crearán</source>
      <translation>Requests to be created</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="74" />
      <source>T Traslado</source>
      <translation>T Transfer</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="230" />
      <source>Tamaño</source>
      <translation>Size</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="107" />
      <source>Tercero no autorizado</source>
      <translation>Third party not authorized</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="220" />
      <location filename="../../desktop_app/gui/history/model.py" line="50" />
      <location filename="../../desktop_app/gui/history/verifications.py" line="129" />
      <source>Terminada</source>
      <translation>Finished</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="212" />
      <location filename="../../desktop_app/gui/history/model.py" line="44" />
      <source>Tipo</source>
      <translation>Type</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="214" />
      <location filename="../../desktop_app/gui/history/new_request.py" line="118" />
      <source>Tipo de comprobante</source>
      <translation>CFDI type</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="77" />
      <source>Todas</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="368" />
      <source>Todas esas solicitudes ya estaban en la lista; no se duplicó ninguna.</source>
      <translation>All those requests were already in the list; none was duplicated.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="340" />
      <source>Todas las facturas</source>
      <translation>All invoices</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="272" />
      <source>Todavía no hay respuestas del SAT.</source>
      <translation>No responses from SAT yet.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="119" />
      <location filename="../../desktop_app/gui/history/new_request.py" line="132" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="79" />
      <source>Todos</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="109" />
      <source>Tope máximo de elementos de la consulta</source>
      <translation>The query exceeds the maximum number of items</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="137" />
      <source>Total</source>
      <translation>Total</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="125" />
      <source>Traslado</source>
      <translation>Transfer</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="100" />
      <source>Usuario no válido</source>
      <translation>Invalid user</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="33" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="126" />
      <source>Vencida</source>
      <translation>Expired</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="87" />
      <source>Vencido</source>
      <translation>Expired</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="91" />
      <source>Verificación</source>
      <translation>Check</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="150" />
      <source>Verificación de estado</source>
      <translation>Status check</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="97" />
      <source>Verificar ahora con el SAT</source>
      <translation>Check with SAT now</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/new_request.py" line="133" />
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="77" />
      <source>Vigentes</source>
      <translation>Active</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="74" />
      <source>Volver a &amp;solicitar</source>
      <translation>Re&amp;quest again</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="76" />
      <source>Volver a solicitar el mismo periodo al SAT</source>
      <translation>Request the same period from SAT again</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="408" />
      <source>Volviendo a solicitar el periodo…</source>
      <translation>Requesting the period again…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="101" />
      <source>XML mal formado (la solicitud no es válida; el motivo viene en el mensaje)</source>
      <translation>Malformed XML (the request is not valid; the reason is in the message)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/page.py" line="346" />
      <source>Ya existe una solicitud igual; no se volvió a pedir al SAT.</source>
      <translation>An identical request already exists; SAT was not asked again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="111" />
      <source>Ya existe una solicitud registrada con los mismos criterios</source>
      <translation>A request with the same criteria is already registered</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="339" />
      <source>con otros filtros</source>
      <translation>with other filters</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="234" />
      <source>dañados: {0}</source>
      <translation>damaged: {0}</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/formatting.py" line="110" />
      <source>en %n min</source>
      <translation>
        <numerusform>in %n min</numerusform>
        <numerusform>in %n min</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="233" />
      <source>en conflicto: {0}</source>
      <translation>in conflict: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="108" />
      <source>en menos de un minuto</source>
      <translation>in less than a minute</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="112" />
      <source>en {hours} h {minutes} min</source>
      <translation>in {hours} h {minutes} min</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="235" />
      <source>filas de metadatos: {0}</source>
      <translation>metadata rows: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="145" />
      <source>ya no es deducible</source>
      <translation>no longer deductible</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/vocabulary.py" line="330" />
      <source>{count} facturas elegidas</source>
      <translation>Selected invoices: {count}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="120" />
      <location filename="../../desktop_app/gui/history/detail.py" line="137" />
      <source>{kind}, {period}: {status}</source>
      <translation>{kind}, {period}: {status}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/verifications.py" line="126" />
      <source>{rate} consultas por segundo</source>
      <translation>{rate} per second</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="235" />
      <source>{used} de {limit}</source>
      <translation>{used} of {limit}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/history/detail.py" line="201" />
      <source>Última consulta</source>
      <translation>Last check</translation>
    </message>
  </context>
  <context>
    <name>InvoiceDetail</name>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="245" />
      <source>UUID nulo (timbre de relleno)</source>
      <translation>nil UUID (placeholder stamp)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="242" />
      <source>dos TimbreFiscalDigital con el mismo UUID</source>
      <translation>two TimbreFiscalDigital nodes with the same UUID</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="223" />
      <source>se completaron referencias de carácter sin «;»</source>
      <translation>completed character references missing “;”</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="229" />
      <source>se descartó texto antes del XML</source>
      <translation>dropped text before the XML</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="233" />
      <source>se descartó texto después del elemento raíz</source>
      <translation>dropped text after the root element</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="236" />
      <source>se descartó una Addenda mal formada</source>
      <translation>dropped a malformed Addenda</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="226" />
      <source>se escaparon signos «&lt;» dentro de valores de atributos</source>
      <translation>escaped “&lt;” inside attribute values</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="237" />
      <source>se leyó como UTF-8, la codificación en que está escrito (declara otra)</source>
      <translation>read as UTF-8, the encoding it is written in (it declares another)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="230" />
      <source>se quitaron espacios antes de la declaración XML</source>
      <translation>removed whitespace before the XML declaration</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="220" />
      <source>se quitó una declaración xmlns:schemaLocation errónea</source>
      <translation>removed a wrong xmlns:schemaLocation declaration</translation>
    </message>
  </context>
  <context>
    <name>InvoicesPage</name>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="224" />
      <source>&amp;Abrir XML</source>
      <translation>&amp;Open XML</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="244" />
      <source>&amp;Archivos XML o ZIP…</source>
      <translation>&amp;XML or ZIP files…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="233" />
      <source>&amp;Buscar</source>
      <translation>&amp;Find</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="180" />
      <source>&amp;Buscar:</source>
      <translation>Sea&amp;rch:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/xml_viewer.py" line="130" />
      <source>&amp;Cerrar</source>
      <translation>&amp;Close</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/columns.py" line="44" />
      <location filename="../../desktop_app/gui/invoices/page.py" line="151" />
      <source>&amp;Columnas</source>
      <translation>Co&amp;lumns</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="175" />
      <source>&amp;Desde:</source>
      <translation>&amp;From:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="179" />
      <source>&amp;Estado:</source>
      <translation>&amp;Status:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="184" />
      <source>&amp;Forma de pago:</source>
      <translation>Paym&amp;ent form:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="610" />
      <source>&amp;Guardar como PDF…</source>
      <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="176" />
      <source>&amp;Hasta:</source>
      <translation>&amp;To:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="228" />
      <source>&amp;Imprimir / Guardar PDF</source>
      <translation>Pr&amp;int / Save PDF</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="609" />
      <source>&amp;Imprimir…</source>
      <translation>&amp;Print…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="226" />
      <source>&amp;Mostrar en carpeta</source>
      <translation>Show in fol&amp;der</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="174" />
      <source>&amp;Periodo:</source>
      <translation>&amp;Period:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="163" />
      <source>&amp;Sólo dañados</source>
      <translation>&amp;Damaged only</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="178" />
      <source>&amp;Tipo:</source>
      <translation>T&amp;ype:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="185" />
      <source>&amp;Uso de CFDI:</source>
      <translation>CFDI &amp;use:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="177" />
      <source>&amp;Ver:</source>
      <translation>&amp;View:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="230" />
      <source>&amp;Verificar estado en el SAT</source>
      <translation>&amp;Check status with SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="204" />
      <source>(sin moneda)</source>
      <translation>(no currency)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="209" />
      <source>(sin tipo)</source>
      <translation>(no type)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="125" />
      <source>69-B</source>
      <translation>69-B</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="238" />
      <source>A &amp;CSV…</source>
      <translation>To &amp;CSV…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="237" />
      <source>A &amp;Excel (.xlsx)…</source>
      <translation>To &amp;Excel (.xlsx)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/xml_viewer.py" line="132" />
      <source>Abrir con &amp;otro programa</source>
      <translation>Open with &amp;another program</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/xml_viewer.py" line="134" />
      <source>Abrir el XML con el programa del sistema</source>
      <translation>Open the XML with the system's program</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/xml_viewer.py" line="112" />
      <source>Archivo: {0}</source>
      <translation>File: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="214" />
      <source>Avisos al leer el XML</source>
      <translation>Notes from reading the XML</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="447" />
      <source>Aún no hay complementos de pago para esta factura; se debe el total {0}.</source>
      <translation>No payment complements for this invoice yet; the full total of {0} is owed.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="359" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="392" />
      <source>Base</source>
      <translation>Base</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="145" />
      <source>Busca en el RFC y el nombre del emisor y del receptor, sin importar acentos ni mayúsculas. Para buscar por UUID escribe al menos 8 caracteres de él.</source>
      <translation>Searches the issuer's and receiver's RFC and name, ignoring accents and case. To search by UUID, type at least 8 of its characters.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="142" />
      <source>Buscar por RFC, nombre o UUID</source>
      <translation>Search by RFC, name or UUID</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="189" />
      <source>CFDI relacionados</source>
      <translation>Related CFDI</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="767" />
      <source>CFDI y paquetes (*.xml *.XML *.zip *.ZIP);;Todos (*)</source>
      <translation>CFDI and packages (*.xml *.XML *.zip *.ZIP);;All files (*)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="488" />
      <source>CURP del empleado</source>
      <translation>Employee CURP</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="133" />
      <source>Calculando totales…</source>
      <translation>Calculating totals…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="55" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="60" />
      <source>Cancelado</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="511" />
      <source>Cancelado el {0}</source>
      <translation>Cancelled on {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="60" />
      <source>Cancelados</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="167" />
      <source>Cancelados (fuera de los totales): {0}</source>
      <translation>Cancelled (left out of the totals): {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="326" />
      <source>Cantidad</source>
      <translation>Quantity</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="490" />
      <source>Cargando…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="543" />
      <source>Certificado del SAT</source>
      <translation>SAT certificate</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="544" />
      <source>Certificado del emisor</source>
      <translation>Issuer certificate</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="525" />
      <source>Clase</source>
      <translation>Class</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="326" />
      <source>Clave</source>
      <translation>Code</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="376" />
      <source>Clave de retención</source>
      <translation>Withholding key</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="461" />
      <source>Complemento (UUID)</source>
      <translation>Complement (UUID)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="442" />
      <source>Complemento de pago</source>
      <translation>Payment complement</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="148" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="109" />
      <source>Comprobante</source>
      <translation>CFDI</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="52" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="34" />
      <source>Comprobantes</source>
      <translation>CFDI</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="167" />
      <source>Comprobantes cuyo XML está dañado (no es XML válido): se guardan en la bóveda, pero no aparecen en la lista ni se suman en los totales. Pide una copia nueva al SAT o al emisor.</source>
      <translation>Documents whose XML is damaged (not valid XML): they are kept in the vault, but they are not listed or added to the totals. Ask SAT or the issuer for a new copy.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="158" />
      <source>Comprobantes de este filtro con el XML dañado: no se muestran ni se suman. Activa «Sólo dañados» para verlos.</source>
      <translation>Documents in this filter whose XML is damaged: they are not shown or added. Turn on “Damaged only” to see them.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="809" />
      <source>Con el XML dañado: {0} (se guardaron, pero no se listan ni se suman; ve «Sólo dañados»).</source>
      <translation>With damaged XML: {0} (kept, but neither listed nor summed; see “Damaged only”).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="813" />
      <source>Con un UUID que ya estaba guardado con otro contenido: {0} (se conservó la copia guardada, la del SAT o la primera importada; sus archivos no se tocaron).</source>
      <translation>With a UUID already kept with other contents: {0} (the kept copy, SAT's or the first imported, was kept; their files were not touched).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="254" />
      <source>Con «Todo» no se filtra por fecha: elige otro periodo o «Personalizado».</source>
      <translation>“All” does not filter by date: choose another period or “Custom”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="525" />
      <source>Concepto</source>
      <translation>Concept</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="327" />
      <source>Conceptos</source>
      <translation>Line items</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="103" />
      <source>Conserva la evidencia de que las operaciones sí existieron.</source>
      <translation>Keep the evidence that the transactions did take place.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="176" />
      <source>Constancias de retenciones (fuera de los totales): {0}</source>
      <translation>Withholding certificates (left out of the totals): {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="668" />
      <source>Consultando el estado en el SAT…</source>
      <translation>Checking the status with SAT…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/xml_viewer.py" line="118" />
      <source>Contenido del XML</source>
      <translation>XML content</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="232" />
      <source>Copiar &amp;UUID</source>
      <translation>Copy &amp;UUID</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="291" />
      <source>Código</source>
      <translation>Code</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="199" />
      <source>Dañado</source>
      <translation>Damaged</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="57" />
      <source>Dañados</source>
      <translation>Damaged</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="157" />
      <source>Dañados (no sumados): {0}</source>
      <translation>Damaged (not added): {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="506" />
      <source>Deducción</source>
      <translation>Deduction</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="31" />
      <source>Definitivo</source>
      <translation>Definitive</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="56" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="61" />
      <source>Desconocido</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="326" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="377" />
      <source>Descripción</source>
      <translation>Description</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="161" />
      <source>Descuento</source>
      <translation>Discount</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="105" />
      <source>Desde</source>
      <translation>From</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="99" />
      <source>Desglose</source>
      <translation>Breakdown</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="106" />
      <source>Desglose de los totales</source>
      <translation>Totals breakdown</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="30" />
      <source>Desvirtuado</source>
      <translation>Rebutted</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="106" />
      <source>Desvirtuó ante el SAT la presunción de operaciones inexistentes el {date}.</source>
      <translation>This taxpayer rebutted SAT's presumption of nonexistent transactions on {date}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="108" />
      <source>Desvirtuó ante el SAT la presunción de operaciones inexistentes.</source>
      <translation>This taxpayer rebutted SAT's presumption of nonexistent transactions.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="138" />
      <source>Detalle de la factura</source>
      <translation>Invoice details</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="49" />
      <source>Dirección</source>
      <translation>Direction</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="617" />
      <source>Documento PDF (*.pdf)</source>
      <translation>PDF document (*.pdf)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="433" />
      <source>Documento pagado (UUID)</source>
      <translation>Paid document (UUID)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="140" />
      <source>Domicilio fiscal (C.P.)</source>
      <translation>Tax address (ZIP code)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="486" />
      <source>Días pagados</source>
      <translation>Days paid</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="52" />
      <source>E Egreso</source>
      <translation>E Expense</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="234" />
      <source>E&amp;xportar</source>
      <translation>E&amp;xport</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="91" />
      <source>El SAT lo publicó como definitivo (artículo 69-B del CFF) el {date}.</source>
      <translation>SAT published this taxpayer as definitive (article 69-B of the CFF) on {date}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="93" />
      <source>El SAT lo publicó como definitivo (artículo 69-B del CFF).</source>
      <translation>SAT published this taxpayer as definitive (article 69-B of the CFF).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="97" />
      <source>El SAT presume desde el {date} que sus operaciones son inexistentes (artículo 69-B del CFF).</source>
      <translation>Since {date}, SAT has presumed that this taxpayer's transactions are nonexistent (article 69-B of the CFF).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="101" />
      <source>El SAT presume que sus operaciones son inexistentes (artículo 69-B del CFF).</source>
      <translation>SAT presumes that this taxpayer's transactions are nonexistent (article 69-B of the CFF).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="691" />
      <source>El SAT responde: {0}</source>
      <translation>SAT replies: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="196" />
      <source>El XML de este comprobante está dañado: se guardó tal como llegó, pero no se puede leer con certeza, así que no aparece en la lista ni se suma en los totales. Los datos de arriba son sólo para identificarlo. Descarga de nuevo este UUID del SAT o pide una copia al emisor: la copia buena lo reemplaza.</source>
      <translation>This document's XML is damaged: it was saved as it arrived, but it cannot be read reliably, so it is not listed or added to the totals. The data above only identifies it. Download this UUID from SAT again or ask the issuer for a copy: the good copy replaces it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="119" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="113" />
      <source>Emisor</source>
      <translation>Issuer</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="111" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="98" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="513" />
      <source>Emitida</source>
      <translation>Issued</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="47" />
      <source>Emitidas</source>
      <translation>Issued</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="107" />
      <source>Emitidas o recibidas</source>
      <translation>Issued or received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="467" />
      <source>Esta columna no se puede ordenar. Se puede ordenar por fecha, tipo, estado, serie-folio, RFC y nombre del emisor o del receptor, total y UUID.</source>
      <translation>This column cannot be sorted. You can sort by date, type, status, series-folio, issuer or recipient RFC and name, total and UUID.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="438" />
      <source>Esta columna no se puede ordenar; pase el puntero sobre su título.</source>
      <translation>This column cannot be sorted; hover over its header to see which ones can.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="109" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="110" />
      <source>Estado</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="290" />
      <source>Estado en el SAT</source>
      <translation>Status at SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="284" />
      <source>Estado: {0}</source>
      <translation>Status: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="293" />
      <source>Estatus de cancelación</source>
      <translation>Cancellation status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/xml_viewer.py" line="114" />
      <source>Este XML está dañado (no es XML válido): se muestra tal como está guardado en {0}.</source>
      <translation>This XML is damaged (not valid XML): it is shown exactly as stored at {0}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="42" />
      <source>Este año</source>
      <translation>This year</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="40" />
      <source>Este mes</source>
      <translation>This month</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="725" />
      <source>Exportando…</source>
      <translation>Exporting…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="714" />
      <source>Exportar facturas</source>
      <translation>Export invoices</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="135" />
      <source>Facturas con método de pago PPD, no canceladas, a las que les falta por pagar: el saldo insoluto del último complemento de pago no cancelado que las paga o, si no hay ninguno, su total.</source>
      <translation>Invoices with payment method PPD, not cancelled, that still have an amount to be paid: the outstanding balance of the latest non-cancelled payment complement that pays them or, if there is none, their total.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="108" />
      <source>Fecha</source>
      <translation>Date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="154" />
      <source>Fecha de emisión</source>
      <translation>Issue date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="461" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="478" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="410" />
      <source>Fecha de pago</source>
      <translation>Payment date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="539" />
      <source>Fecha de timbrado</source>
      <translation>Stamping date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="277" />
      <source>Fecha ilegible en {0}: {1}</source>
      <translation>Unreadable date in {0}: {1}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="537" />
      <source>Folio fiscal (UUID)</source>
      <translation>Fiscal folio (UUID)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="411" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="156" />
      <location filename="../../desktop_app/gui/invoices/filters.py" line="117" />
      <source>Forma de pago</source>
      <translation>Payment form</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="617" />
      <source>Guardar PDF</source>
      <translation>Save PDF</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="106" />
      <source>Hasta</source>
      <translation>To</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="51" />
      <source>I Ingreso</source>
      <translation>I Income</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="240" />
      <source>I&amp;mportar XML/ZIP</source>
      <translation>I&amp;mport XML/ZIP</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="55" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="37" />
      <source>IEPS</source>
      <translation>IEPS</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="492" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="57" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="39" />
      <source>ISR retenido</source>
      <translation>ISR withheld</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="58" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="40" />
      <source>ISR retenido de nómina</source>
      <translation>Payroll ISR withheld</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="117" />
      <source>IVA</source>
      <translation>VAT (IVA)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="56" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="38" />
      <source>IVA retenido</source>
      <translation>VAT (IVA) withheld</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="54" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="36" />
      <source>IVA trasladado</source>
      <translation>VAT (IVA) transferred</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="800" />
      <source>Importación detenida. Nuevas: {0}; actualizadas: {1}; sin cambios: {2}; omitidas: {3}. Lo importado se conserva; importa lo mismo otra vez para terminar.</source>
      <translation>Import stopped. New: {0}; updated: {1}; unchanged: {2}; skipped: {3}. What was imported is kept; import the same again to finish.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="805" />
      <source>Importación terminada. Nuevas: {0}; actualizadas: {1}; sin cambios: {2}; omitidas: {3}.</source>
      <translation>Import finished. New: {0}; updated: {1}; unchanged: {2}; skipped: {3}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="788" />
      <source>Importando…</source>
      <translation>Importing…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="767" />
      <source>Importar XML o ZIP</source>
      <translation>Import XML or ZIP</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="774" />
      <source>Importar una carpeta de CFDI</source>
      <translation>Import a folder of CFDI</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="326" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="359" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="525" />
      <source>Importe</source>
      <translation>Amount</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="277" />
      <source>Importe ilegible en {0}: {1}</source>
      <translation>Unreadable amount in {0}: {1}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="462" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="438" />
      <source>Importe pagado</source>
      <translation>Amount paid</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="392" />
      <source>Importe retenido</source>
      <translation>Amount withheld</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="183" />
      <source>Importes en pesos mexicanos (MXN), convertidos con el tipo de cambio de cada CFDI.</source>
      <translation>Amounts in Mexican pesos (MXN), converted at each CFDI's exchange rate.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="359" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="392" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="362" />
      <source>Impuesto</source>
      <translation>Tax</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="369" />
      <source>Impuestos</source>
      <translation>Taxes</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="177" />
      <source>Las constancias de retenciones no son facturas: su total es el monto de la operación y sus retenciones suelen estar también en los CFDI de esos pagos, así que no se suman con ellas. Filtra por Tipo «R Retenciones» para verlas y sumarlas; el desglose las muestra aparte.</source>
      <translation>Withholding certificates are not invoices: their total is the operation's amount and their withholdings are usually also in the CFDI of those payments, so they are not added to them. Filter by Type “R Withholdings” to see and add them up; the breakdown shows them apart.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="705" />
      <source>Libro de Excel (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="125" />
      <source>Lista 69-B del SAT: {situation}</source>
      <translation>SAT 69-B list: {situation}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="118" />
      <source>Lista de facturas</source>
      <translation>Invoice list</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="168" />
      <source>Los cancelados no se suman (su total: {0}). Filtra por Estado «Cancelado» para verlos.</source>
      <translation>Cancelled documents are not added (their total: {0}). Filter by Status “Cancelled” to see them.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="155" />
      <source>Lugar de expedición</source>
      <translation>Place of issue</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="41" />
      <source>Mes anterior</source>
      <translation>Last month</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="436" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="412" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="158" />
      <source>Moneda</source>
      <translation>Currency</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="413" />
      <source>Monto</source>
      <translation>Amount</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="163" />
      <source>Monto total de la operación</source>
      <translation>Total amount of the operation</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="397" />
      <source>Monto total exento</source>
      <translation>Total exempt amount</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="396" />
      <source>Monto total gravado</source>
      <translation>Total taxable amount</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="100" />
      <source>Mostrar el desglose por dirección, tipo y moneda</source>
      <translation>Show the breakdown by direction, type and currency</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="165" />
      <source>Mostrar sólo los comprobantes dañados</source>
      <translation>Show only the damaged documents</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="183" />
      <source>Método de pa&amp;go:</source>
      <translation>Payment met&amp;hod:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="157" />
      <location filename="../../desktop_app/gui/invoices/filters.py" line="116" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="121" />
      <source>Método de pago</source>
      <translation>Payment method</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="54" />
      <source>N Nómina</source>
      <translation>N Payroll</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="428" />
      <location filename="../../desktop_app/gui/invoices/page.py" line="429" />
      <source>No hay facturas con este filtro.</source>
      <translation>No invoices match this filter.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/xml_viewer.py" line="151" />
      <source>No hay un programa del sistema para abrir archivos XML. El archivo está en: {0}</source>
      <translation>There is no program on this system to open XML files. The file is at: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="599" />
      <source>No se pudo abrir la carpeta: esta computadora no tiene un explorador de archivos para ella. El XML está en {0}</source>
      <translation>Could not open the folder: this computer has no file manager for it. The XML is at {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="651" />
      <source>No se pudo guardar el PDF en {0}: el disco está lleno. Libera espacio e inténtalo de nuevo.</source>
      <translation>The PDF could not be saved to {0}: the disk is full. Free some space and try again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="653" />
      <source>No se pudo guardar el PDF en {0}; no se guardó nada. Elige otra carpeta.</source>
      <translation>The PDF could not be saved to {0}; nothing was saved. Choose another folder.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="574" />
      <source>No se pudo leer el XML en {0}.</source>
      <translation>Could not read the XML at {0}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="123" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="138" />
      <source>Nombre</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="526" />
      <source>Nómina</source>
      <translation>Payroll</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="112" />
      <source>Obtuvo el {date} sentencia favorable contra la presunción de operaciones inexistentes.</source>
      <translation>On {date}, this taxpayer obtained a favorable ruling against the presumption of nonexistent transactions.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="116" />
      <source>Obtuvo sentencia favorable contra la presunción de operaciones inexistentes.</source>
      <translation>This taxpayer obtained a favorable ruling against the presumption of nonexistent transactions.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="89" />
      <source>Operaciones inexistentes: no deducible.</source>
      <translation>Nonexistent transactions: not deductible.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="515" />
      <source>Otro pago</source>
      <translation>Other payment</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="53" />
      <source>P Pago</source>
      <translation>P Payment</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="657" />
      <source>PDF guardado en {0}</source>
      <translation>PDF saved to {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="131" />
      <source>PPD con saldo pe&amp;ndiente</source>
      <translation>PPD with &amp;balance due</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="407" />
      <source>Pago {0}</source>
      <translation>Payment {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="464" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="448" />
      <source>Pagos recibidos (PPD)</source>
      <translation>Payments received (PPD)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="461" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="435" />
      <source>Parcialidad</source>
      <translation>Installment</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="497" />
      <source>Percepción</source>
      <translation>Earning</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="487" />
      <source>Periodicidad</source>
      <translation>Frequency</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="480" />
      <location filename="../../desktop_app/gui/invoices/filters.py" line="104" />
      <source>Periodo</source>
      <translation>Period</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="378" />
      <source>Periodo (meses y ejercicio)</source>
      <translation>Period (months and fiscal year)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="43" />
      <source>Personalizado</source>
      <translation>Custom</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="29" />
      <source>Presunto</source>
      <translation>Presumed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="56" />
      <source>R Retenciones</source>
      <translation>R Withholdings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="105" />
      <source>R — Retenciones e información de pagos</source>
      <translation>R — Withholdings and payment information</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="122" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="137" />
      <source>RFC</source>
      <translation>RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="542" />
      <source>RFC del PAC</source>
      <translation>PAC RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="112" />
      <source>RFC emisor</source>
      <translation>Issuer RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="114" />
      <source>RFC receptor</source>
      <translation>Receiver RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="143" />
      <source>RFC, nombre o UUID</source>
      <translation>RFC, name or UUID</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="134" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="115" />
      <source>Receptor</source>
      <translation>Receiver</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="111" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="99" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="513" />
      <source>Recibida</source>
      <translation>Received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="48" />
      <source>Recibidas</source>
      <translation>Received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="189" />
      <source>Relación</source>
      <translation>Relationship</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="266" />
      <source>Reparado al leerlo: {0}</source>
      <translation>Repaired when read: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="264" />
      <source>Reparado antes de recuperarlo: {0}</source>
      <translation>Repaired before recovering it: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="401" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="118" />
      <source>Retenciones</source>
      <translation>Withholdings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="362" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="393" />
      <source>Retenidos</source>
      <translation>Withheld</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="125" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="139" />
      <source>Régimen fiscal</source>
      <translation>Tax regime</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="461" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="437" />
      <source>Saldo anterior</source>
      <translation>Previous balance</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="462" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="439" />
      <source>Saldo insoluto</source>
      <translation>Outstanding balance</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="463" />
      <source>Saldo pendiente: {0}</source>
      <translation>Outstanding balance: {0}</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/invoices/page.py" line="752" />
      <source>Se exportaron %Ln facturas a {path}</source>
      <translation>
        <numerusform>Exported %Ln invoice to {path}</numerusform>
        <numerusform>Exported %Ln invoices to {path}</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/invoices/page.py" line="750" />
      <source>Se exportó %Ln factura a {path}</source>
      <translation>
        <numerusform>Exported %Ln invoice to {path}</numerusform>
        <numerusform>Exported %Ln invoices to {path}</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="140" />
      <source>Selecciona una factura para ver su detalle.</source>
      <translation>Select an invoice to see its details.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/efos.py" line="32" />
      <source>Sentencia favorable</source>
      <translation>Favorable ruling</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="153" />
      <source>Serie y folio</source>
      <translation>Series and folio</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="434" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="111" />
      <source>Serie-Folio</source>
      <translation>Series-Folio</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="160" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="116" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="53" />
      <source>Subtotal</source>
      <translation>Subtotal</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="133" />
      <source>Sólo facturas PPD con saldo pendiente</source>
      <translation>Only PPD invoices with a balance due</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="300" />
      <source>Sólo se conocen los metadatos de este CFDI: no hay XML en la bóveda. El SAT no entrega el XML de los CFDI recibidos que están cancelados; los datos de arriba vienen de los metadatos.</source>
      <translation>Only the metadata of this CFDI is known: there is no XML in the vault. SAT does not deliver the XML of received CFDI that are cancelled; the data above comes from the metadata.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="55" />
      <source>T Traslado</source>
      <translation>T Transfer</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="359" />
      <source>Tasa o cuota</source>
      <translation>Rate or quota</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="546" />
      <source>Timbre fiscal digital</source>
      <translation>Digital tax stamp (TFD)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="525" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="151" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="109" />
      <source>Tipo</source>
      <translation>Type</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="159" />
      <source>Tipo de cambio</source>
      <translation>Exchange rate</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="108" />
      <source>Tipo de comprobante</source>
      <translation>CFDI type</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="477" />
      <source>Tipo de nómina</source>
      <translation>Payroll type</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="392" />
      <source>Tipo de pago</source>
      <translation>Payment type</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="359" />
      <source>Tipo factor</source>
      <translation>Factor type</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="46" />
      <source>Todas</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="62" />
      <source>Todas las formas</source>
      <translation>All forms</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="39" />
      <source>Todo</source>
      <translation>All</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="53" />
      <source>Todos los estados</source>
      <translation>All statuses</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="61" />
      <source>Todos los métodos</source>
      <translation>All methods</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="50" />
      <source>Todos los tipos</source>
      <translation>All types</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="63" />
      <source>Todos los usos</source>
      <translation>All uses</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="163" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="119" />
      <location filename="../../desktop_app/gui/invoices/totals.py" line="41" />
      <source>Total</source>
      <translation>Total</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="181" />
      <source>Total &amp;mín.:</source>
      <translation>Mi&amp;n. total:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="59" />
      <source>Total (MXN)</source>
      <translation>Total (MXN)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="490" />
      <source>Total de deducciones</source>
      <translation>Total deductions</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="366" />
      <location filename="../../desktop_app/gui/invoices/detail.py" line="398" />
      <source>Total de impuestos retenidos</source>
      <translation>Total taxes withheld</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="365" />
      <source>Total de impuestos trasladados</source>
      <translation>Total taxes transferred</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="491" />
      <source>Total de otros pagos</source>
      <translation>Total other payments</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="489" />
      <source>Total de percepciones</source>
      <translation>Total earnings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="182" />
      <source>Total má&amp;x.:</source>
      <translation>M&amp;ax. total:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="160" />
      <source>Total máximo</source>
      <translation>Maximum total</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="155" />
      <source>Total mínimo</source>
      <translation>Minimum total</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="77" />
      <source>Totales del filtro</source>
      <translation>Filter totals</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="101" />
      <source>Totales por emitidos y recibidos, tipo de comprobante y moneda</source>
      <translation>Totals by issued and received, CFDI type and currency</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="360" />
      <source>Trasladados</source>
      <translation>Transferred</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="189" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="124" />
      <source>UUID</source>
      <translation>UUID</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="555" />
      <source>UUID copiado: {0}</source>
      <translation>UUID copied: {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="246" />
      <source>Una &amp;carpeta…</source>
      <translation>A &amp;folder…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="326" />
      <source>Unidad</source>
      <translation>Unit</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="118" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="123" />
      <source>Uso de CFDI</source>
      <translation>CFDI use</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="141" />
      <source>Uso del CFDI</source>
      <translation>CFDI use</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="326" />
      <source>Valor unitario</source>
      <translation>Unit price</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="709" />
      <source>Valores separados por comas (*.csv)</source>
      <translation>Comma-separated values (*.csv)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="295" />
      <source>Verificación en el SAT</source>
      <translation>SAT verification</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="152" />
      <source>Versión</source>
      <translation>Version</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="54" />
      <location filename="../../desktop_app/gui/invoices/model.py" line="59" />
      <source>Vigente</source>
      <translation>Active</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="78" />
      <source>XML dañado</source>
      <translation>Damaged XML</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="67" />
      <source>XML dañado: el archivo contiene varios comprobantes seguidos; guarda cada uno por separado</source>
      <translation>Damaged XML: the file holds several documents one after the other; save each in its own file</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="66" />
      <source>XML dañado: el archivo está incompleto</source>
      <translation>Damaged XML: the file is incomplete</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="65" />
      <source>XML dañado: no es XML válido</source>
      <translation>Damaged XML: not valid XML</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="572" />
      <source>XML del comprobante {0}</source>
      <translation>XML of invoice {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="270" />
      <source>XML mal formado: se recuperó lo que se pudo leer (línea {0}).</source>
      <translation>XML not well-formed: what could be read was recovered (line {0}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="272" />
      <source>XML mal formado: se recuperó lo que se pudo leer.</source>
      <translation>XML not well-formed: what could be read was recovered.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="286" />
      <source>cancelado el {0}</source>
      <translation>cancelled on {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="713" />
      <source>facturas-{rfc}.{kind}</source>
      <translation>invoices-{rfc}.{kind}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="87" />
      <source>línea {0}</source>
      <translation>line {0}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/model.py" line="87" />
      <source>línea {0}, columna {1}</source>
      <translation>line {0}, column {1}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="161" />
      <source>máximo</source>
      <translation>maximum</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/filters.py" line="156" />
      <source>mínimo</source>
      <translation>minimum</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="481" />
      <source>{0} a {1}</source>
      <translation>{0} to {1}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/totals.py" line="206" />
      <source>{0}, convertido a MXN</source>
      <translation>{0}, converted to MXN</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/page.py" line="426" />
      <source>«Desde» es posterior a «Hasta»: no hay días entre ellas.</source>
      <translation>“From” is after “To”: there are no days between them.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/invoices/detail.py" line="292" />
      <source>¿Es cancelable?</source>
      <translation>Cancellable?</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="285" />
      <source> — demostración</source>
      <translation> — demo</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="300" />
      <source>&amp;Archivo</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="303" />
      <source>&amp;Ir a</source>
      <translation>&amp;Go</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="293" />
      <source>&amp;RFC:</source>
      <translation>&amp;RFC:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="302" />
      <source>&amp;Salir</source>
      <translation>E&amp;xit</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="301" />
      <source>&amp;Sincronizar ahora</source>
      <translation>&amp;Sync now</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="557" />
      <source>Abre la ventana y escribe la contraseña de la e.firma de {rfc} para seguir descargando.</source>
      <translation>Open the window and type the e.firma password of {rfc} to keep downloading.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="125" />
      <location filename="../../desktop_app/gui/main_window.py" line="294" />
      <source>Aviso de vencimiento de la e.firma</source>
      <translation>e.firma expiry notice</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="438" />
      <source>Comprobantes descargados e integrados: {0} (solicitudes terminadas: {1}).</source>
      <translation>Documents downloaded and indexed: {0} (requests finished: {1}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="69" />
      <source>Configuración</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="285" />
      <location filename="../../desktop_app/gui/main_window.py" line="308" />
      <source>Descarga Masiva SAT</source>
      <translation>Descarga Masiva SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="738" />
      <source>Descarga Masiva sigue en la bandeja</source>
      <translation>Descarga Masiva is still in the tray</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="514" />
      <source>El SAT prepara los paquetes de cada solicitud a su ritmo: unos minutos, a veces horas. La aplicación le pregunta sola cada pocos minutos y descarga en cuanto están listos; no hace falta dejar esta ventana abierta si instalaste la tarea del sistema. Descargar el historial completo (cuatro solicitudes por mes: emitidos y recibidos, en XML y en metadatos) suele tomar de uno a dos días.</source>
      <translation>SAT prepares each request's packages at its own pace: a few minutes, sometimes hours. The app asks it every few minutes and downloads them as soon as they are ready; this window need not stay open if you installed the system task. Downloading the whole history (four requests a month: issued and received, as XML and as metadata) usually takes one to two days.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="299" />
      <source>Escribir la contraseña de la e.firma</source>
      <translation>Type the e.firma password</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="298" />
      <source>Escribir la contraseña de la e.firma…</source>
      <translation>Type the e.firma password…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="158" />
      <location filename="../../desktop_app/gui/main_window.py" line="295" />
      <source>Estado de la sincronización</source>
      <translation>Sync status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="66" />
      <source>Facturas</source>
      <translation>Invoices</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="556" />
      <source>Falta la contraseña de la e.firma</source>
      <translation>The e.firma password is missing</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="739" />
      <source>La descarga diaria continúa. Para abrir la ventana, haz clic en el ícono; para salir, usa «Salir» en su menú.</source>
      <translation>The daily download goes on. To open the window, click the icon; to quit, use “Exit” in its menu.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="304" />
      <source>Mostrar</source>
      <translation>Show</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="419" />
      <source>Paquetes vencidos</source>
      <translation>Packages expired</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="68" />
      <source>Programación</source>
      <translation>Schedule</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="120" />
      <location filename="../../desktop_app/gui/main_window.py" line="292" />
      <source>RFC activo</source>
      <translation>Active RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="67" />
      <source>Reportes</source>
      <translation>Reports</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="64" />
      <source>Resumen</source>
      <translation>Summary</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="306" />
      <source>Salir</source>
      <translation>Exit</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="112" />
      <location filename="../../desktop_app/gui/main_window.py" line="286" />
      <source>Secciones</source>
      <translation>Sections</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="153" />
      <location filename="../../desktop_app/gui/main_window.py" line="474" />
      <source>Sincronización en espera</source>
      <translation>Sync idle</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="305" />
      <source>Sincronizar ahora</source>
      <translation>Sync now</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="419" />
      <source>Solicitud con error</source>
      <translation>Request failed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="428" />
      <source>Solicitud terminada</source>
      <translation>Request finished</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="65" />
      <source>Solicitudes</source>
      <translation>Requests</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="437" />
      <source>Solicitudes terminadas</source>
      <translation>Requests finished</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="509" />
      <source>el SAT se consulta de nuevo {when}</source>
      <translation>SAT is asked again {when}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="531" />
      <source>la descarga masiva no está activada (actívala en Configuración)</source>
      <translation>bulk download is not activated (activate it in Settings)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="535" />
      <source>la e.firma venció; no se descarga nada hasta que cargues una vigente</source>
      <translation>the e.firma expired; nothing is downloaded until you load a valid one</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="533" />
      <source>no hay e.firma cargada; no se descarga nada</source>
      <translation>no e.firma is loaded; nothing is downloaded</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/main_window.py" line="359" />
      <source>⚠ La e.firma de {rfc} vence en %n día ({date}). Renuévala a tiempo en el SAT.</source>
      <translation>
        <numerusform>⚠ The e.firma of {rfc} expires in %n day ({date}). Renew it at SAT in time.</numerusform>
        <numerusform>⚠ The e.firma of {rfc} expires in %n days ({date}). Renew it at SAT in time.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/main_window.py" line="366" />
      <source>⚠ La e.firma de {rfc} vence en %n días ({date}). Renuévala a tiempo en el SAT.</source>
      <translation>
        <numerusform>⚠ The e.firma of {rfc} expires in %n day ({date}). Renew it at SAT in time.</numerusform>
        <numerusform>⚠ The e.firma of {rfc} expires in %n days ({date}). Renew it at SAT in time.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="351" />
      <source>⚠ La e.firma de {rfc} venció el {date}. Renuévala en el SAT para seguir descargando.</source>
      <translation>⚠ The e.firma of {rfc} expired on {date}. Renew it at SAT to keep downloading.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="477" />
      <source>⚠ {rfc}: falta la contraseña de la e.firma; no se descarga nada hasta que la escribas.</source>
      <translation>⚠ {rfc}: the e.firma password is missing; nothing is downloaded until you type it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="492" />
      <source>⚠ {rfc}: {message}</source>
      <translation>⚠ {rfc}: {message}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="499" />
      <source>⚠ {rfc}: {why}</source>
      <translation>⚠ {rfc}: {why}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="499" />
      <source>✓ Al día</source>
      <translation>✓ Up to date</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/main_window.py" line="503" />
      <source>⟳ %n solicitud en proceso en el SAT</source>
      <translation>
        <numerusform>⟳ %n request in progress at SAT</numerusform>
        <numerusform>⟳ %n requests in progress at SAT</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/main_window.py" line="505" />
      <source>⟳ %n solicitudes en proceso en el SAT</source>
      <translation>
        <numerusform>⟳ %n request in progress at SAT</numerusform>
        <numerusform>⟳ %n requests in progress at SAT</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="480" />
      <source>⟳ Contraseña aceptada; continúa la sincronización…</source>
      <translation>⟳ Password accepted; syncing continues…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/main_window.py" line="475" />
      <source>⟳ Sincronizando con el SAT…</source>
      <translation>⟳ Syncing with SAT…</translation>
    </message>
  </context>
  <context>
    <name>PasswordDialog</name>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="77" />
      <source>&amp;Contraseña:</source>
      <translation>&amp;Password:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="79" />
      <source>&amp;Recordar en el llavero del sistema</source>
      <translation>&amp;Remember in the system keyring</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="108" />
      <source>Cancelar</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="105" />
      <source>Con&amp;tinuar</source>
      <translation>Con&amp;tinue</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="60" />
      <source>Contraseña de la e.firma</source>
      <translation>e.firma password</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="75" />
      <source>Contraseña de la llave privada</source>
      <translation>Private key password</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="100" />
      <source>Error de la contraseña</source>
      <translation>Password error</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="65" />
      <source>Para seguir descargando tus CFDI de {rfc}, escribe la contraseña de la llave privada (.key) de tu e.firma.</source>
      <translation>To keep downloading the CFDI of {rfc}, type the password of your e.firma's private key (.key).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="81" />
      <source>Recordar la contraseña en el llavero del sistema</source>
      <translation>Remember the password in the system keyring</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="90" />
      <source>ℹ Esta computadora no tiene un llavero del sistema que funcione: la contraseña se recordará sólo mientras la aplicación esté abierta.</source>
      <translation>ℹ This computer has no working system keyring: the password is remembered only while the app is open.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="85" />
      <source>ℹ Se recordará mientras la aplicación esté abierta; con el llavero, también la próxima vez y para la descarga desatendida.</source>
      <translation>ℹ It is remembered while the app is open; with the keyring, also next time and for unattended downloads.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="168" />
      <source>⚠ Esa contraseña no abre la llave privada (.key) de {rfc}. Revísala y escríbela de nuevo.</source>
      <translation>⚠ That password does not open the private key (.key) of {rfc}. Check it and type it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/password_dialog.py" line="143" />
      <source>⟳ Comprobando la contraseña…</source>
      <translation>⟳ Checking the password…</translation>
    </message>
  </context>
  <context>
    <name>ReportsPage</name>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="238" />
      <source>&amp;Base:</source>
      <translation>&amp;Basis:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="124" />
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="237" />
      <source>&amp;Cerrar</source>
      <translation>&amp;Close</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="214" />
      <source>&amp;Generar</source>
      <translation>Ge&amp;nerate</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="235" />
      <source>&amp;Periodo, de:</source>
      <translation>&amp;Period, from:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="262" />
      <source>&amp;Ver comprobantes…</source>
      <translation>&amp;View CFDI…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="125" />
      <source>&amp;Ver detalle…</source>
      <translation>&amp;View details…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="230" />
      <source>&amp;hasta</source>
      <translation>&amp;to</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="275" />
      <source>Archivo &amp;batch para el SAT…</source>
      <translation>SAT &amp;batch file…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="249" />
      <source>Avance del reporte</source>
      <translation>Report progress</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="202" />
      <source>Base del cálculo</source>
      <translation>Calculation basis</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="219" />
      <source>Ca&amp;ncelar</source>
      <translation>&amp;Cancel</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="221" />
      <source>Cancelar el reporte</source>
      <translation>Cancel the report</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="228" />
      <source>Comprobante {uuid}</source>
      <translation>CFDI {uuid}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="96" />
      <source>Comprobantes de la cifra</source>
      <translation>CFDI behind the figure</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="111" />
      <source>Comprobantes detrás de la cifra</source>
      <translation>CFDI behind the figure</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="101" />
      <source>Comprobantes detrás de «{figure}»: {n}.</source>
      <translation>CFDI behind “{figure}”: {n}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="232" />
      <source>Detalle del comprobante</source>
      <translation>CFDI details</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="205" />
      <source>Devengado</source>
      <translation>Accrual basis</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sheet_model.py" line="121" />
      <source>Doble clic o Intro: ver el comprobante detrás de esta cifra.</source>
      <translation>Double-click or Enter: see the document behind this figure.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sheet_model.py" line="123" />
      <source>Doble clic o Intro: ver los {n} comprobantes detrás de esta cifra.</source>
      <translation>Double-click or Enter: view the {n} CFDI behind this figure.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="68" />
      <source>Estado</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="705" />
      <source>Exportando el reporte…</source>
      <translation>Exporting the report…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="270" />
      <source>Exportar &amp;JSON…</source>
      <translation>Export &amp;JSON…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="266" />
      <source>Exportar a &amp;Excel…</source>
      <translation>Export to &amp;Excel…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="268" />
      <source>Exportar el reporte a Excel</source>
      <translation>Export the report to Excel</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="272" />
      <source>Exportar el reporte a JSON</source>
      <translation>Export the report to JSON</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="675" />
      <source>Exportar reporte a Excel</source>
      <translation>Export report to Excel</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="684" />
      <source>Exportar reporte a JSON</source>
      <translation>Export report to JSON</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="61" />
      <source>Fecha</source>
      <translation>Date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="204" />
      <source>Flujo de efectivo</source>
      <translation>Cash basis</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="203" />
      <source>Flujo de efectivo y devengado</source>
      <translation>Cash basis and accrual basis</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="207" />
      <source>Flujo de efectivo: lo cobrado y pagado en el periodo (lo que se declara cada mes). Devengado: lo facturado en el periodo.</source>
      <translation>Cash basis: what was collected and paid in the period (what is filed each month). Accrual basis: what was invoiced in the period.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="405" />
      <source>Generando el reporte…</source>
      <translation>Generating the report…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="216" />
      <source>Generar el reporte</source>
      <translation>Generate the report</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="693" />
      <source>Guardar el archivo de carga batch de la DIOT</source>
      <translation>Save the DIOT batch upload file</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="277" />
      <source>Guardar el archivo de carga batch de la DIOT para el SAT</source>
      <translation>Save the DIOT batch upload file for SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="259" />
      <source>Hojas del reporte</source>
      <translation>Report sheets</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="684" />
      <source>JSON (*.json)</source>
      <translation>JSON (*.json)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="461" />
      <source>Leyendo de nuevo los XML de la bóveda para los reportes (sólo esta vez): {done} de {total}.</source>
      <translation>Reading the XML files in the vault again for the reports (only this once): {done} of {total}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="106" />
      <source>Leyendo los comprobantes…</source>
      <translation>Reading the CFDI…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="675" />
      <source>Libro de Excel (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="590" />
      <source>Lista 69-B del SAT cargada el {date}, hace 1 día.</source>
      <translation>SAT 69-B list loaded on {date}, 1 day ago.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="592" />
      <source>Lista 69-B del SAT cargada el {date}, hace {n} días.</source>
      <translation>SAT 69-B list loaded on {date}, {n} days ago.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="588" />
      <source>Lista 69-B del SAT cargada hoy ({date}).</source>
      <translation>SAT 69-B list loaded today ({date}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="579" />
      <source>Lista 69-B del SAT: no se ha cargado, así que no se señala a proveedores con operaciones inexistentes. Impórtala en Configuración.</source>
      <translation>SAT 69-B list: not loaded, so suppliers with nonexistent transactions are not flagged. Import it in Settings.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="67" />
      <source>Moneda</source>
      <translation>Currency</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="151" />
      <source>No está en el índice</source>
      <translation>Not in the index</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="566" />
      <source>No hay comprobantes que cuenten en este reporte en el periodo elegido. Revisa el periodo, o descarga (Solicitudes) o importa (Facturas) los CFDI de esos meses y vuelve a generarlo.</source>
      <translation>No CFDI in the chosen period count toward this report. Check the period, or download (Requests) or import (Invoices) the CFDI of those months and generate it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="63" />
      <source>Nombre</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="196" />
      <source>Primer mes del periodo</source>
      <translation>First month of the period</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="62" />
      <source>RFC</source>
      <translation>RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="227" />
      <source>Rep&amp;orte:</source>
      <translation>Rep&amp;ort:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="191" />
      <source>Reporte</source>
      <translation>Report</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="445" />
      <source>Reporte cancelado. Lo ya leído de la bóveda se conserva para la próxima vez.</source>
      <translation>Report cancelled. What was already read from the vault is kept for next time.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="174" />
      <source>Reportes</source>
      <translation>Reports</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="562" />
      <source>Se leyeron de nuevo {n} XML de la bóveda para los reportes.</source>
      <translation>XML files in the vault read again for the reports: {n}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="693" />
      <source>Texto (*.txt)</source>
      <translation>Text (*.txt)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="64" />
      <source>Tipo</source>
      <translation>Type</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="181" />
      <source>Todavía no hay un RFC configurado. Usa el asistente para agregar tu RFC y descargar o importar tus CFDI; después podrás generar aquí los reportes de cada mes (IVA, PPD y los demás).</source>
      <translation>No RFC is set up yet. Use the wizard to add your RFC and download or import your CFDI; after that you can generate each month's reports here: VAT (IVA), PPD and the others.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="65" />
      <source>Total</source>
      <translation>Total</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="60" />
      <source>UUID</source>
      <translation>UUID</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="127" />
      <source>Ver el detalle del comprobante</source>
      <translation>View the CFDI details</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="264" />
      <source>Ver los comprobantes de la cifra</source>
      <translation>View the CFDI behind the figure</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="101" />
      <source>la cifra</source>
      <translation>the figure</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="101" />
      <source>{first} a {last}</source>
      <translation>{first} to {last}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/sources_dialog.py" line="172" />
      <source>{n} de estos comprobantes no están en el índice (por ejemplo, la factura de un pago que no se ha descargado): se listan sólo por su UUID.</source>
      <translation>{n} of these CFDI are not in the index (for example, the invoice of a payment that has not been downloaded): they are listed by UUID only.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="555" />
      <source>{title} de {rfc}, {months}; importes en MXN.</source>
      <translation>{title} for {rfc}, {months}; amounts in MXN.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="199" />
      <source>Último mes del periodo</source>
      <translation>Last month of the period</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="596" />
      <source>⚠ Está desactualizada: importa la versión más reciente en Configuración.</source>
      <translation>⚠ It is out of date: import the latest version in Settings.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="717" />
      <source>✓ Reporte guardado en {path}</source>
      <translation>✓ Report saved to {path}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/reports/page.py" line="495" />
      <source>✗ No se pudo generar el reporte.</source>
      <translation>✗ The report could not be generated.</translation>
    </message>
  </context>
  <context>
    <name>SchedulePage</name>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="76" />
      <source>&amp;Descargar automáticamente todos los días</source>
      <translation>&amp;Download automatically every day</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="82" />
      <source>&amp;Emitidos</source>
      <translation>&amp;Issued</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="104" />
      <source>&amp;Guardar</source>
      <translation>&amp;Save</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="118" />
      <source>&amp;Hora (Ciudad de México):</source>
      <translation>&amp;Time (Mexico City):</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="170" />
      <source>&amp;Quitar tarea del sistema</source>
      <translation>Re&amp;move system task</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="271" />
      <source>(hora de la Ciudad de México)</source>
      <translation>(Mexico City time)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="98" />
      <source>Cada día, después de descargar, se pregunta al SAT si las facturas recibidas vigentes de estos meses siguen vigentes (sin la e.firma, a un ritmo pausado; las consultadas en la última semana no se repiten). Si el emisor canceló alguna, ya no es deducible: la aplicación te avisa.</source>
      <translation>Every day, after the download, SAT is asked whether the active received invoices from these months are still active (without the e.firma, at a slow pace; invoices checked in the last week are not checked again). If the issuer cancelled one, it is no longer deductible: the app lets you know.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="128" />
      <source>Comprobantes:</source>
      <translation>CFDI:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="173" />
      <source>Con la aplicación cerrada</source>
      <translation>With the app closed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="230" />
      <source>Configura un RFC para programar su descarga.</source>
      <translation>Set up an RFC to schedule its download.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="164" />
      <source>Consultando…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="273" />
      <source>Desactivada</source>
      <translation>Off</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="112" />
      <source>Descarga diaria</source>
      <translation>Daily download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="129" />
      <source>Días hacia a&amp;trás:</source>
      <translation>Days &amp;back:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="89" />
      <source>Días hacia atrás</source>
      <translation>Days back</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="156" />
      <source>Ejecuciones</source>
      <translation>Runs</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="81" />
      <source>Hora de la descarga diaria (Ciudad de México)</source>
      <translation>Daily download time (Mexico City)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="167" />
      <source>Insta&amp;lar tarea del sistema</source>
      <translation>I&amp;nstall system task</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="64" />
      <source>La aplicación se cerró durante la descarga diaria; la siguiente la continuó.</source>
      <translation>The app closed during the daily download; the next one resumed it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="53" />
      <source>LaunchAgent (macOS)</source>
      <translation>LaunchAgent (macOS)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="96" />
      <source>Meses de facturas recibidas que se revisan en el SAT cada día</source>
      <translation>Months of received invoices rechecked with SAT every day</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="176" />
      <source>Mientras la aplicación está abierta (o minimizada en la bandeja) la descarga diaria ocurre a la hora elegida. Para que ocurra también con la aplicación cerrada, instala la tarea del sistema: corre la sincronización a esa hora y luego cada hora para recoger los paquetes del SAT.</source>
      <translation>While the app is open (or minimized to the tray) the daily download runs at the chosen time. For it to run with the app closed too, install the system task: it runs the sync at that time and then every hour to pick up SAT's packages.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="62" />
      <source>Ninguno</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="95" />
      <source>No revisar</source>
      <translation>Don't recheck</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="345" />
      <source>Pero la descarga diaria de este RFC está apagada: la tarea no descargará nada.</source>
      <translation>But this RFC's daily download is off: the task will download nothing.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="192" />
      <source>Programación</source>
      <translation>Schedule</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="54" />
      <source>Programador de tareas (Windows)</source>
      <translation>Task Scheduler (Windows)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="158" />
      <source>Próxima:</source>
      <translation>Next:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="84" />
      <source>Re&amp;cibidos</source>
      <translation>Re&amp;ceived</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="132" />
      <source>Revisar en el SAT las recibidas de los últimos &amp;meses:</source>
      <translation>Months of received invoices to &amp;recheck with SAT:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="282" />
      <source>Todavía no ha corrido</source>
      <translation>Has not run yet</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="52" />
      <source>cron (Linux)</source>
      <translation>cron (Linux)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="162" />
      <source>e.firma:</source>
      <translation>e.firma:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="279" />
      <source>iniciada el {moment} — {status}</source>
      <translation>started on {moment} — {status}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="51" />
      <source>temporizador de systemd (Linux)</source>
      <translation>systemd timer (Linux)</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/schedule/page.py" line="294" />
      <source>{mark} Vence en %n día</source>
      <translation>
        <numerusform>{mark} Expires in %n day</numerusform>
        <numerusform>{mark} Expires in %n days</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/schedule/page.py" line="296" />
      <source>{mark} Vence en %n días</source>
      <translation>
        <numerusform>{mark} Expires in %n day</numerusform>
        <numerusform>{mark} Expires in %n days</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="160" />
      <source>Última descarga diaria:</source>
      <translation>Last daily download:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="159" />
      <source>Última sincronización:</source>
      <translation>Last sync:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="161" />
      <source>Último error:</source>
      <translation>Last error:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="348" />
      <source>○ No instalada ({kind}).</source>
      <translation>○ Not installed ({kind}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="37" />
      <source>⚠ Con avisos</source>
      <translation>⚠ With warnings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="43" />
      <source>⚠ Esta computadora no tiene un llavero del sistema que funcione: la contraseña de la e.firma sólo se guarda mientras la aplicación está abierta, así que la descarga diaria no corre con la aplicación cerrada. Deja la aplicación abierta, o configura un llavero y vuelve a cargar la e.firma.</source>
      <translation>⚠ This computer has no working system keyring: the e.firma password is kept only while the app is open, so the daily download does not run with the app closed. Keep the app open, or set up a keyring and upload the e.firma again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="36" />
      <source>✓ Correcta</source>
      <translation>✓ OK</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="338" />
      <source>✓ Instalada ({kind}), al día.</source>
      <translation>✓ Installed ({kind}), up to date.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="340" />
      <source>✓ Instalada ({kind}), pero desactualizada: vuelve a instalarla.</source>
      <translation>✓ Installed ({kind}), but outdated: install it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="316" />
      <source>✓ Programación guardada.</source>
      <translation>✓ Schedule saved.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="38" />
      <source>✗ Con error</source>
      <translation>✗ Failed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="330" />
      <source>✗ Esta computadora no tiene un programador de tareas disponible; deja la aplicación abierta.</source>
      <translation>✗ This computer has no task scheduler available; leave the app open.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="287" />
      <source>✗ No cargada</source>
      <translation>✗ Not loaded</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="289" />
      <source>✗ Vencida: renuévala en el SAT</source>
      <translation>✗ Expired: renew it at SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/schedule/page.py" line="39" />
      <source>⟳ En curso</source>
      <translation>⟳ In progress</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="203" />
      <source>&amp;Copiar informe</source>
      <translation>&amp;Copy report</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="245" />
      <source>&amp;Desactivar</source>
      <translation>&amp;Deactivate</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="175" />
      <source>&amp;Quitar RFC…</source>
      <translation>Re&amp;move RFC…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="107" />
      <source>&amp;Usar el servidor</source>
      <translation>&amp;Use the server</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="176" />
      <source>(Renglón {line} del archivo.)</source>
      <translation>(Row {line} of the file.)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="173" />
      <source>A&amp;gregar RFC…</source>
      <translation>&amp;Add RFC…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="191" />
      <source>Abrir &amp;carpeta</source>
      <translation>O&amp;pen folder</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="241" />
      <location filename="../../desktop_app/gui/settings/page.py" line="248" />
      <source>Ac&amp;tivar</source>
      <translation>Ac&amp;tivate</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="331" />
      <source>Activar la descarga masiva</source>
      <translation>Activate bulk download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="116" />
      <source>Adelantado {minutes} min respecto del SAT: corrige la fecha y la hora (el SAT rechaza lo firmado con la hora equivocada).</source>
      <translation>{minutes} min ahead of SAT: correct the date and time (SAT refuses what is signed with the wrong time).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="174" />
      <source>Agregar RFC</source>
      <translation>Add RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="178" />
      <source>Al desactivar, borrar también la e.firma y su contraseña</source>
      <translation>When deactivating, also delete the e.firma and its password</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="190" />
      <source>Archivos CSV (*.csv);;Todos los archivos (*)</source>
      <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="121" />
      <source>Atrasado {minutes} min respecto del SAT: corrige la fecha y la hora (el SAT rechaza lo firmado con la hora equivocada).</source>
      <translation>{minutes} min behind SAT: correct the date and time (SAT refuses what is signed with the wrong time).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="179" />
      <source>Cambiar &amp;e.firma…</source>
      <translation>Change &amp;e.firma…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="180" />
      <source>Cambiar e.firma</source>
      <translation>Change e.firma</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="128" />
      <source>Cargada el {date}, hace %n día.</source>
      <translation>
        <numerusform>Loaded on {date}, %n day ago.</numerusform>
        <numerusform>Loaded on {date}, %n days ago.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="131" />
      <source>Cargada el {date}, hace %n días.</source>
      <translation>
        <numerusform>Loaded on {date}, %n day ago.</numerusform>
        <numerusform>Loaded on {date}, %n days ago.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="126" />
      <source>Cargada hoy ({date}).</source>
      <translation>Loaded today ({date}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="195" />
      <source>Carpeta de datos</source>
      <translation>Data folder</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="194" />
      <source>Carpeta de datos:</source>
      <translation>Data folder:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="258" />
      <source>Certificado {serial}, venció el {date}.</source>
      <translation>Certificate {serial}, expired on {date}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="260" />
      <source>Certificado {serial}, vigente hasta el {date}.</source>
      <translation>Certificate {serial}, valid until {date}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="82" />
      <source>Certificados de confianza</source>
      <translation>Trusted certificates</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="100" />
      <source>Cla&amp;ve de acceso:</source>
      <translation>Access &amp;key:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="102" />
      <source>Clave de acceso al servidor de la oficina</source>
      <translation>Office server access key</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="183" />
      <source>Co&amp;mprobar conexión con el SAT…</source>
      <translation>Chec&amp;k the connection with SAT…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="184" />
      <source>Comprobar conexión con el SAT</source>
      <translation>Check the connection with SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="139" />
      <source>Conectando con el servidor de la oficina…</source>
      <translation>Connecting to the office server…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="197" />
      <source>Configuración</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="159" />
      <source>Contraseña de la e.firma</source>
      <translation>e.firma password</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="113" />
      <source>Correcto (difiere {seconds} s del SAT).</source>
      <translation>Correct ({seconds} s from SAT's).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="320" />
      <source>Desactivar la descarga masiva</source>
      <translation>Deactivate bulk download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="188" />
      <source>Descarga masiva y e.firma del RFC elegido</source>
      <translation>Bulk download and e.firma of the selected RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="186" />
      <source>Diagnóstico de conexión con el SAT · {rfc}</source>
      <translation>Connection check with SAT · {rfc}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="99" />
      <source>Direcció&amp;n:</source>
      <translation>Ser&amp;ver address:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="101" />
      <source>Dirección del servidor de la oficina</source>
      <translation>Office server address</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="132" />
      <source>El SAT aceptó tu e.firma.</source>
      <translation>SAT accepted your e.firma.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="85" />
      <source>El archivo Listado_Completo_69-B.csv de los Datos Abiertos del SAT: contribuyentes con operaciones presuntamente inexistentes (artículo 69-B del CFF). Reemplaza la lista cargada antes.</source>
      <translation>The file Listado_Completo_69-B.csv from SAT's Open Data (Datos Abiertos): taxpayers with presumably nonexistent transactions (article 69-B of the CFF, the Federal Tax Code). It replaces the list loaded before.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="90" />
      <source>Estado de la lista 69-B</source>
      <translation>69-B list status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="189" />
      <source>Estado:</source>
      <translation>Status:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="193" />
      <source>General</source>
      <translation>General</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="161" />
      <source>Guardada en el llavero del sistema.</source>
      <translation>Saved in the system keyring.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="77" />
      <source>Hecho.</source>
      <translation>Done.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="196" />
      <source>Idi&amp;oma:</source>
      <translation>&amp;Language:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="192" />
      <source>Idioma</source>
      <translation>Language</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="159" />
      <source>Importando la lista…</source>
      <translation>Importing the list…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="82" />
      <source>Importar &amp;lista…</source>
      <translation>&amp;Import list…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="83" />
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="188" />
      <source>Importar lista 69-B del SAT</source>
      <translation>Import SAT 69-B list</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="135" />
      <source>Información del SAT actualizada al {date}; {rows} contribuyentes en la lista.</source>
      <translation>SAT information updated as of {date}; {rows} taxpayers on the list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="248" />
      <source>Informe copiado: pégalo en un correo a quien te ayude (no trae contraseñas).</source>
      <translation>Report copied: paste it in an email to whoever helps you (it holds no passwords).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="332" />
      <source>La aplicación usará la e.firma de {rfc} para consultar al SAT en tu nombre y descargar tus CFDI a esta computadora. Nada se guarda fuera de ella. ¿Das tu consentimiento?</source>
      <translation>The app will use the e.firma of {rfc} to query SAT on your behalf and download your CFDI to this computer. Nothing is stored anywhere else. Do you give your consent?</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="104" />
      <source>La clave se guarda en el llavero del sistema (o sólo en memoria si no hay); nunca en un archivo.</source>
      <translation>The key is kept in the system keyring (or only in memory if there is none), never in a file.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="309" />
      <source>La descarga programada de {rfc} se detendrá de inmediato; tus facturas y el historial se conservan y puedes activarla de nuevo cuando quieras.</source>
      <translation>The scheduled download of {rfc} stops at once; your invoices and history are kept, and you can activate it again whenever you like.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="129" />
      <source>La ventana trabaja con el servidor de la oficina: {url}</source>
      <translation>The window is working with the office server: {url}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="132" />
      <source>La ventana trabaja con los datos de este equipo.</source>
      <translation>The window is working with this computer's data.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="80" />
      <source>Lista 69-B del SAT (EFOS)</source>
      <translation>SAT 69-B list (EFOS)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="48" />
      <source>Los del sistema operativo (como el navegador).</source>
      <translation>The operating system's (as the browser).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="49" />
      <source>Los del sistema.</source>
      <translation>The system's.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="50" />
      <source>Los incluidos en la aplicación (el sistema no tiene).</source>
      <translation>The app's own (the system has none).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="171" />
      <source>No está guardada: escríbela cuando se pida, o carga de nuevo la e.firma.</source>
      <translation>Not saved: type it when asked, or load the e.firma again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="166" />
      <source>No hay llavero del sistema: se pide al abrir la aplicación y la sincronización desatendida no funciona.</source>
      <translation>There is no system keyring: it is asked when the app opens, and unattended sync does not work.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="143" />
      <source>No hay una e.firma cargada: cárgala en «Cambiar e.firma…».</source>
      <translation>No e.firma is loaded: load it with “Change e.firma…”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="96" />
      <source>No responden {down} de {count}: {names}. Revisa tu conexión a internet; si sólo fallan algunos, es el SAT.</source>
      <translation>{down} of {count} do not answer: {names}. Check your internet connection; if only some fail, it is SAT.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="116" />
      <source>No se ha cargado la lista. Descarga del SAT el «Listado completo» del artículo 69-B (archivo Listado_Completo_69-B.csv, en Datos Abiertos) e impórtalo aquí.</source>
      <translation>The list has not been loaded. Download the article 69-B “Listado completo” (full list) from SAT (file Listado_Completo_69-B.csv, under Datos Abiertos) and import it here.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="90" />
      <source>No se probaron.</source>
      <translation>Not tested.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="111" />
      <source>No se pudo comparar con el del SAT.</source>
      <translation>Could not be compared with SAT's.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="77" />
      <source>Pendiente: se reintenta con «Reintentar registro con el SAT».</source>
      <translation>Pending: retry it with “Retry SAT registration”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="188" />
      <source>Probando la conexión con el SAT…</source>
      <translation>Testing the connection with SAT…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="106" />
      <source>Probar cone&amp;xión</source>
      <translation>Test co&amp;nnection</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="137" />
      <source>Publicación más reciente en la lista: {date}; {rows} contribuyentes en la lista.</source>
      <translation>Latest publication on the list: {date}; {rows} taxpayers on the list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="176" />
      <location filename="../../desktop_app/gui/settings/page.py" line="285" />
      <source>Quitar RFC</source>
      <translation>Remove RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="193" />
      <source>Qué se revisó</source>
      <translation>What was checked</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="177" />
      <source>RFC</source>
      <translation>RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="172" />
      <source>RFC configurados</source>
      <translation>Configured RFCs</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="263" />
      <source>Registro con el SAT: ✓ hecho.</source>
      <translation>SAT registration: ✓ done.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="263" />
      <source>Registro con el SAT: ✗ pendiente.</source>
      <translation>SAT registration: ✗ pending.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="75" />
      <source>Registro en el SAT</source>
      <translation>Registration with SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="181" />
      <source>Reintentar registro con el &amp;SAT</source>
      <translation>Retry &amp;SAT registration</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="182" />
      <source>Reintentar registro con el SAT</source>
      <translation>Retry SAT registration</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="109" />
      <source>Reloj de esta computadora</source>
      <translation>This computer's clock</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="92" />
      <source>Responden los {count}.</source>
      <translation>All {count} answer.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="193" />
      <source>Resultado</source>
      <translation>Result</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="194" />
      <source>Resultado del diagnóstico</source>
      <translation>Check result</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="186" />
      <source>Revisa los servidores del SAT, el reloj, la sesión con tu e.firma y su vigencia, y dice qué corregir.</source>
      <translation>Checks SAT's servers, the clock, the session with your e.firma and its validity, and says what to correct.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="178" />
      <source>Se conserva la lista que ya estaba cargada.</source>
      <translation>The list that was already loaded is kept.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="98" />
      <source>Servidor de la oficina</source>
      <translation>Office server</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="87" />
      <source>Servidores del SAT</source>
      <translation>SAT's servers</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="130" />
      <source>Sesión con tu e.firma</source>
      <translation>Session with your e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="314" />
      <source>También se borrará la e.firma guardada en esta computadora: para activarla de nuevo tendrás que cargarla otra vez.</source>
      <translation>The e.firma stored on this computer will also be deleted: to activate it again you will have to load it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="108" />
      <source>Usar este equi&amp;po</source>
      <translation>Use this &amp;computer</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="151" />
      <source>Vence el {date} ({days} días): renuévala pronto en el SAT.</source>
      <translation>Expires on {date} ({days} days): renew it soon at SAT.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="146" />
      <source>Venció el {date}: renuévala en el SAT y cárgala de nuevo.</source>
      <translation>Expired on {date}: renew it at SAT and load it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="155" />
      <source>Vigente hasta el {date}.</source>
      <translation>Valid until {date}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="41" />
      <source>autenticación</source>
      <translation>authentication</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="44" />
      <source>descarga</source>
      <translation>download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="140" />
      <source>e.firma</source>
      <translation>e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="190" />
      <source>e.firma:</source>
      <translation>e.firma:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="45" />
      <source>estado de comprobantes</source>
      <translation>CFDI status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="42" />
      <source>solicitud</source>
      <translation>request</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="43" />
      <source>verificación</source>
      <translation>verification</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="139" />
      <source>{rows} contribuyentes en la lista.</source>
      <translation>{rows} taxpayers on the list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="286" />
      <source>¿Quitar {rfc} de la aplicación? Se olvidan su historial y su índice, y se borran de este equipo su e.firma (.cer y .key) y su contraseña guardada; los XML descargados se quedan en la carpeta de datos.</source>
      <translation>Remove {rfc} from the app? Its history and index are forgotten, and its e.firma (.cer and .key) and saved password are deleted from this computer; the downloaded XML files stay in the data folder.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="144" />
      <source>⚠ La lista se cargó hace más de {days} días: descarga del SAT la versión más reciente e impórtala para revisar a tus proveedores con datos al día.</source>
      <translation>⚠ The list was loaded more than {days} days ago: download the latest version from SAT and import it to check your suppliers against up-to-date data.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="244" />
      <source>✓ Activada: la aplicación consulta al SAT con tu e.firma</source>
      <translation>✓ Activated: the app queries SAT with your e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/office_server.py" line="158" />
      <source>✓ Conexión correcta. RFC a los que da acceso la clave: {rfcs}.</source>
      <translation>✓ Connection OK. RFCs the key gives access to: {rfcs}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/efos_section.py" line="162" />
      <source>✓ Lista importada: {rows} contribuyentes. Definitivos: {definitivo} · Presuntos: {presunto} · Desvirtuados: {desvirtuado} · Sentencia favorable: {sentencia}.</source>
      <translation>✓ List imported: {rows} taxpayers. Definitive: {definitivo} · Presumed: {presunto} · Rebutted: {desvirtuado} · Favorable ruling: {sentencia}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="228" />
      <source>✓ Todo lo necesario para sincronizar funciona.</source>
      <translation>✓ Everything a sync needs works.</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="230" />
      <source>✗ Hay %n cosa que revisar (marcada con ✗).</source>
      <translation>
        <numerusform>✗ %n thing to check (marked ✗).</numerusform>
        <numerusform>✗ %n things to check (marked ✗).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/settings/diagnostics.py" line="232" />
      <source>✗ Hay %n cosas que revisar (marcadas con ✗).</source>
      <translation>
        <numerusform>✗ %n thing to check (marked ✗).</numerusform>
        <numerusform>✗ %n things to check (marked ✗).</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="255" />
      <source>✗ No cargada</source>
      <translation>✗ Not loaded</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/settings/page.py" line="247" />
      <source>✗ Sin activar</source>
      <translation>✗ Not activated</translation>
    </message>
  </context>
  <context>
    <name>SetupWizard</name>
    <message>
      <location filename="../../desktop_app/gui/wizard/wizard.py" line="49" />
      <source> — demostración</source>
      <translation> — demo</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="213" />
      <source>&amp;Certificado (.cer):</source>
      <translation>&amp;Certificate (.cer):</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="55" />
      <source>&amp;Doy mi consentimiento para que la aplicación use mi e.firma para consultar al SAT en mi nombre</source>
      <translation>I &amp;consent to the app using my e.firma to query SAT on my behalf</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="100" />
      <source>&amp;Días hacia atrás:</source>
      <translation>&amp;Days back:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="61" />
      <source>&amp;Emitidos</source>
      <translation>&amp;Issued</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="159" />
      <source>&amp;Examinar…</source>
      <translation>B&amp;rowse…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="214" />
      <source>&amp;Llave privada (.key):</source>
      <translation>Private &amp;key (.key):</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="109" />
      <source>&amp;Nombre o razón social:</source>
      <translation>Na&amp;me or business name:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="105" />
      <source>&amp;RFC:</source>
      <translation>&amp;RFC:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="65" />
      <source>&amp;Recibidos</source>
      <translation>&amp;Received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="64" />
      <source>&amp;Reintentar</source>
      <translation>&amp;Retry</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/wizard.py" line="57" />
      <location filename="../../desktop_app/gui/wizard/wizard.py" line="58" />
      <source>&amp;Siguiente &gt;</source>
      <translation>&amp;Next &gt;</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="225" />
      <source>&amp;Teléfono (opcional):</source>
      <translation>P&amp;hone (optional):</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/wizard.py" line="59" />
      <source>&amp;Terminar</source>
      <translation>&amp;Finish</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="418" />
      <source>&amp;Usar {rfc}, el RFC de esta e.firma</source>
      <translation>&amp;Use {rfc}, this e.firma's RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="172" />
      <source>&amp;Validar</source>
      <translation>&amp;Validate</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="206" />
      <source>+52 y 10 dígitos, por ejemplo +52 55 1234 5678</source>
      <translation>+52 and 10 digits, e.g. +52 55 1234 5678</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="94" />
      <source>12 caracteres para personas morales, 13 para personas físicas</source>
      <translation>12 characters for legal entities, 13 for individuals</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/wizard.py" line="56" />
      <source>&lt; &amp;Atrás</source>
      <translation>&lt; &amp;Back</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="59" />
      <source>Ac&amp;tivar</source>
      <translation>Ac&amp;tivate</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="95" />
      <source>Activada el {moment}.</source>
      <translation>Activated on {moment}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="53" />
      <source>Activar la descarga diaria</source>
      <translation>Turn on the daily download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="37" />
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="61" />
      <source>Activar la descarga masiva</source>
      <translation>Activate bulk download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="41" />
      <source>Al activar la descarga masiva, esta aplicación usará tu e.firma para consultar al SAT en tu nombre y descargar los CFDI emitidos y recibidos de este RFC.

Todo se queda en esta computadora: tus archivos de e.firma, su contraseña (en el llavero del sistema) y tus facturas. Nada se envía a otro servidor que no sea el SAT.

No tiene costo: la aplicación habla directamente con el SAT.</source>
      <translation>When you activate bulk download, this app will use your e.firma (FIEL, advanced e-signature) to query SAT on your behalf and download the issued and received CFDI of this RFC.

Everything stays on this computer: your e.firma files, its password (in the system keychain) and your invoices. Nothing is sent to any server other than SAT.

It is free: the app talks directly to SAT.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="151" />
      <source>Al pulsar «Terminar», la e.firma se guardará en esta computadora y su contraseña, en el llavero del sistema.</source>
      <translation>When you press “Finish”, the e.firma will be saved on this computer and its password in the system keyring.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="159" />
      <source>Al pulsar «Terminar», la e.firma se guardará en esta computadora. El llavero del sistema no está disponible: la aplicación te pedirá la contraseña cuando la necesite y la sincronización desatendida no funcionará.</source>
      <translation>When you press “Finish”, the e.firma will be saved on this computer. The system keyring is not available: the app will ask for the password when it needs it, and unattended sync will not work.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="38" />
      <source>Antes de continuar, lee qué hará la aplicación con tu e.firma.</source>
      <translation>Before you continue, read what the app will do with your e.firma.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="164" />
      <source>Archivo de la llave privada (.key)</source>
      <translation>Private key file (.key)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="158" />
      <source>Archivo del certificado (.cer)</source>
      <translation>Certificate file (.cer)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/wizard.py" line="51" />
      <source>Asistente de configuración</source>
      <translation>Setup wizard</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="132" />
      <source>Autenticando con el SAT…</source>
      <translation>Authenticating with SAT…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="150" />
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="88" />
      <source>Aviso de modo demostración</source>
      <translation>Demo mode notice</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="201" />
      <source>Ayuda de la fecha de inicio</source>
      <translation>Start date help</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="216" />
      <source>C&amp;ontraseña de la llave privada:</source>
      <translation>Private key &amp;password:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="99" />
      <source>CFDI:</source>
      <translation>CFDI:</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="109" />
      <source>Cada descarga revisa %n día hacia atrás.</source>
      <translation>
        <numerusform>Each download checks %n day back.</numerusform>
        <numerusform>Each download checks %n days back.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="111" />
      <source>Cada descarga revisa %n días hacia atrás.</source>
      <translation>
        <numerusform>Each download checks %n day back.</numerusform>
        <numerusform>Each download checks %n days back.</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/wizard.py" line="60" />
      <source>Cancelar</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="347" />
      <source>Certificado (*.cer)</source>
      <translation>Certificate (*.cer)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/wizard.py" line="47" />
      <source>Configurar Descarga Masiva SAT</source>
      <translation>Set up Descarga Masiva SAT</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="132" />
      <source>Consentimiento dado: la descarga masiva se activa al pulsar «Terminar».</source>
      <translation>Consent given: bulk download is activated when you press “Finish”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="58" />
      <source>Consentimiento para usar la e.firma</source>
      <translation>Consent to use the e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="84" />
      <source>Consultando el estado…</source>
      <translation>Checking the status…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="170" />
      <source>Contraseña de la llave privada</source>
      <translation>Private key password</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="52" />
      <source>Costo</source>
      <translation>Cost</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="66" />
      <source>Costo:</source>
      <translation>Cost:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="458" />
      <source>Del {start} al {end}</source>
      <translation>From {start} to {end}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="47" />
      <source>Descarga diaria</source>
      <translation>Daily download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="100" />
      <source>Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI emitidos y recibidos.</source>
      <translation>Daily download at {time} (Mexico City time) of issued and received CFDI.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="98" />
      <source>Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI emitidos.</source>
      <translation>Daily download at {time} (Mexico City time) of issued CFDI.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="99" />
      <source>Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI recibidos.</source>
      <translation>Daily download at {time} (Mexico City time) of received CFDI.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="105" />
      <source>Descarga diaria a las {time} (hora de la Ciudad de México).</source>
      <translation>Daily download at {time} (Mexico City time).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="115" />
      <source>Descarga diaria desactivada</source>
      <translation>Daily download off</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="73" />
      <source>Descarga masiva activada</source>
      <translation>Bulk download activated</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="75" />
      <source>Descarga masiva sin activar</source>
      <translation>Bulk download not activated</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="51" />
      <source>Descargar &amp;cada día los CFDI nuevos</source>
      <translation>Download new CFDI &amp;every day</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="63" />
      <source>Descargar CFDI emitidos</source>
      <translation>Download issued CFDI</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="67" />
      <source>Descargar CFDI recibidos</source>
      <translation>Download received CFDI</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="74" />
      <source>Descargar también el &amp;historial desde la fecha de inicio</source>
      <translation>Also download the &amp;history from the start date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="76" />
      <source>Descargar también el historial desde la fecha de inicio</source>
      <translation>Also download the history from the start date</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="71" />
      <source>Días hacia atrás que revisa cada descarga</source>
      <translation>Days back that each download checks</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="63" />
      <source>Dónde se guardará la e.firma</source>
      <translation>Where the e.firma will be saved</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="165" />
      <source>E&amp;xaminar…</source>
      <translation>Bro&amp;wse…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="51" />
      <source>El RFC no es válido: «{date}» no es una fecha (año, mes y día: AAMMDD). Revisa que esté bien escrito.</source>
      <translation>The RFC is not valid: “{date}” is not a date (year, month and day: YYMMDD). Check that it is typed right.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="292" />
      <source>El SAT entrega hasta {months} meses hacia atrás: desde el {earliest}. Al final del asistente puedes pedir que se descargue todo desde esta fecha.</source>
      <translation>SAT delivers up to {months} months back: from {earliest}. At the end of the wizard you can ask to download everything since this date.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="174" />
      <source>El SAT no completó el registro: {reason} Puedes reintentar ahora, o continuar y reintentarlo después desde Configuración.</source>
      <translation>SAT did not complete the registration: {reason} You can retry now, or continue and retry later from Settings.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="135" />
      <source>El historial de este RFC ya se pidió al SAT. Márcalo sólo si quieres volver a pedirlo completo desde el {start}.</source>
      <translation>This RFC's history was already requested from SAT. Tick this only to request all of it again since {start}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="58" />
      <source>El último carácter del RFC (el dígito verificador) no corresponde al resto: revisa que esté bien escrito. Si así aparece en tu constancia de situación fiscal, continúa: tu e.firma lo confirmará.</source>
      <translation>The RFC's last character (the check digit) does not match the rest: check that it is typed right. If that is how it appears on your constancia de situación fiscal, go on: your e.firma will confirm it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="161" />
      <source>Elegir el certificado (.cer)</source>
      <translation>Choose the certificate (.cer)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="167" />
      <source>Elegir la llave privada (.key)</source>
      <translation>Choose the private key (.key)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="347" />
      <source>Elige el certificado (.cer) de tu e.firma</source>
      <translation>Choose the certificate (.cer) of your e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="128" />
      <source>Elige el certificado (.cer) y la llave privada (.key) de tu e.firma y escribe su contraseña. No uses el CSD (sello digital): el SAT sólo acepta la e.firma para la descarga masiva.</source>
      <translation>Choose the certificate (.cer) and private key (.key) of your e.firma and enter its password. Do not use the CSD (invoice-sealing certificate): SAT only accepts the e.firma for bulk download.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="180" />
      <source>Elige emitidos, recibidos o ambos.</source>
      <translation>Choose issued, received or both.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="354" />
      <source>Elige la llave privada (.key) de tu e.firma</source>
      <translation>Choose the private key (.key) of your e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="176" />
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="367" />
      <source>Elige los archivos, escribe la contraseña y pulsa «Validar».</source>
      <translation>Choose the files, enter the password and press “Validate”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="102" />
      <source>Error al guardar el RFC</source>
      <translation>Error saving the RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="73" />
      <source>Escribe el RFC cuyas facturas (CFDI) quieres descargar del SAT.</source>
      <translation>Enter the RFC whose invoices (CFDI) you want to download from SAT.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="482" />
      <source>Escribe la fecha como dd/mm/aaaa, por ejemplo 01/01/2024.</source>
      <translation>Write the date as mm/dd/yyyy, for example 01/15/2024.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="33" />
      <source>Escribe tu RFC con homoclave.</source>
      <translation>Enter your RFC including the homoclave.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="94" />
      <source>Esta e.firma es válida a partir del {date}. Revisa que la fecha de tu computadora sea correcta.</source>
      <translation>This e.firma is valid from {date}. Check that your computer's date is right.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="79" />
      <source>Esta e.firma pertenece a {other}, no a {rfc}. Elige la e.firma de {rfc}, o usa {other} como RFC.</source>
      <translation>This e.firma belongs to {other}, not to {rfc}. Choose the e.firma of {rfc}, or use {other} as the RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="86" />
      <source>Esta e.firma venció el {date}. Renueva tu e.firma en el SAT (SAT ID o en una oficina) y vuelve a cargarla.</source>
      <translation>This e.firma expired on {date}. Renew your e.firma at SAT (SAT ID or at an office) and load it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="51" />
      <source>Estado de la activación</source>
      <translation>Activation status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="79" />
      <source>Estado de la programación</source>
      <translation>Schedule status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="97" />
      <source>Estado del RFC</source>
      <translation>RFC status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="62" />
      <source>Estado del registro con el SAT</source>
      <translation>SAT registration status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="207" />
      <source>Estado del teléfono</source>
      <translation>Phone status</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="65" />
      <source>Estado:</source>
      <translation>Status:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="36" />
      <source>Este RFC ya está configurado: se continuará con su perfil.</source>
      <translation>This RFC is already set up: its profile will be used.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="304" />
      <source>Este RFC ya tiene una e.firma guardada (certificado {serial}, vigente hasta el {date}). Puedes continuar con ella o elegir otra.</source>
      <translation>This RFC already has a saved e.firma (certificate {serial}, valid until {date}). You can continue with it or choose another.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="223" />
      <source>Fecha de &amp;inicio del historial:</source>
      <translation>H&amp;istory start date:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="200" />
      <source>Fecha de inicio de la descarga del historial</source>
      <translation>Start date of the history download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="164" />
      <source>Guardando la configuración…</source>
      <translation>Saving the setup…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="84" />
      <source>H&amp;ora:</source>
      <translation>&amp;Time:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="121" />
      <source>Historial desde el {start}: se pedirá al SAT mes por mes ({count} solicitudes: emitidos y recibidos, en XML y en metadatos); suele tomar de uno a dos días</source>
      <translation>History from {start}: SAT will be asked month by month ({count} requests: issued and received, as XML and as metadata); it usually takes one to two days</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="57" />
      <source>Hora de la descarga diaria, hora de la Ciudad de México</source>
      <translation>Daily download time, Mexico City time</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="49" />
      <source>La aplicación puede pedir al SAT cada día los CFDI nuevos, mientras esté abierta o en la bandeja.</source>
      <translation>The app can ask SAT for new CFDI every day while it is open or in the tray.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="54" />
      <source>La aplicación se autentica una vez con el SAT con tu e.firma, para comprobar que la acepta.</source>
      <translation>The app authenticates once with SAT using your e.firma, to check that SAT accepts it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="474" />
      <source>La fecha de inicio debe estar entre el {first} y el {last}.</source>
      <translation>The start date must be between {first} and {last}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="354" />
      <source>Llave privada (*.key)</source>
      <translation>Private key (*.key)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="146" />
      <source>Los XML se guardan en la carpeta de datos, por RFC, en «emitidos» y «recibidos». Puedes ver el avance en «Solicitudes» y tus facturas en «Facturas».</source>
      <translation>The XML files are saved in the data folder, by RFC, under “emitidos” (issued) and “recibidos” (received). You can follow progress in “Requests” and see your invoices in “Invoices”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="81" />
      <source>Modo demostración: se usa la e.firma pública de prueba del SAT (RFC EKU9003173C9) contra un SAT simulado en esta computadora. No se consulta al SAT real.</source>
      <translation>Demo mode: SAT's public test e.firma (RFC EKU9003173C9) is used against a simulated SAT on this computer. The real SAT is not queried.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="143" />
      <source>Modo demostración: ya están elegidos los archivos y la contraseña de la e.firma pública de prueba del SAT (EKU9003173C9). Se valida contra un SAT simulado en esta computadora.</source>
      <translation>Demo mode: the files and password of SAT's public test e.firma (EKU9003173C9) are already filled in. It is validated against a simulated SAT on this computer.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="104" />
      <source>No se encontró el archivo de la llave privada (.key): {path}. Revisa la ruta o elígelo con «Examinar…».</source>
      <translation>The private key file (.key) was not found: {path}. Check the path or choose it with “Browse…”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="102" />
      <source>No se encontró el archivo del certificado (.cer): {path}. Revisa la ruta o elígelo con «Examinar…».</source>
      <translation>The certificate file (.cer) was not found: {path}. Check the path or choose it with “Browse…”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="187" />
      <source>Nombre del titular</source>
      <translation>Holder's name</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="100" />
      <source>Nombre o razón social</source>
      <translation>Name or business name</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="193" />
      <source>Nombre:</source>
      <translation>Name:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="188" />
      <source>Número de certificado</source>
      <translation>Certificate number</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="194" />
      <source>Número de certificado:</source>
      <translation>Certificate number:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="101" />
      <source>Opcional; si lo dejas vacío se toma de la e.firma</source>
      <translation>Optional; if left empty it is taken from the e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="140" />
      <source>Pide al SAT, mes por mes, todo lo emitido y recibido desde el {start}. Puede tardar horas: el SAT prepara cada paquete a su ritmo y la aplicación lo descarga sola.</source>
      <translation>Asks SAT, month by month, for everything issued and received since {start}. It can take hours: SAT prepares each package at its own pace and the app downloads it on its own.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="96" />
      <source>Por ejemplo: XAXX010101000</source>
      <translation>For example: XAXX010101000</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="58" />
      <source>Progreso del registro</source>
      <translation>Registration progress</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="142" />
      <source>Pulsa «Terminar» para guardar esta configuración. Si cancelas, no se guarda nada.</source>
      <translation>Press “Finish” to save this setup. If you cancel, nothing is saved.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="50" />
      <source>Qué significa activar</source>
      <translation>What activating means</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="93" />
      <source>RFC</source>
      <translation>RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="186" />
      <source>RFC del certificado</source>
      <translation>Certificate RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="63" />
      <source>RFC válido.</source>
      <translation>Valid RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="71" />
      <source>RFC {rfc}{name}</source>
      <translation>RFC {rfc}{name}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="192" />
      <source>RFC:</source>
      <translation>RFC:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="92" />
      <source>Registrada con el SAT el {moment}</source>
      <translation>Registered with SAT on {moment}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="188" />
      <source>Registrada con el SAT el {moment} (hora de la Ciudad de México).</source>
      <translation>Registered with SAT on {moment} (Mexico City time).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="52" />
      <source>Registro con el SAT</source>
      <translation>SAT registration</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="94" />
      <source>Registro con el SAT pendiente: reinténtalo desde Configuración</source>
      <translation>SAT registration pending: retry it from Settings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_registration.py" line="66" />
      <source>Reintentar el registro con el SAT</source>
      <translation>Retry the SAT registration</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="144" />
      <source>Resultado de guardar la configuración</source>
      <translation>Result of saving the setup</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="175" />
      <source>Resultado de la validación</source>
      <translation>Validation result</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="143" />
      <source>Resumen de la configuración</source>
      <translation>Setup summary</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="141" />
      <source>Revisa y termina</source>
      <translation>Review and finish</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="99" />
      <source>Sin activar.</source>
      <translation>Not activated.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="103" />
      <source>Sin costo ({per} por XML descargado, {monthly} al mes).</source>
      <translation>Free ({per} per downloaded XML, {monthly} per month).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="88" />
      <source>Sin e.firma</source>
      <translation>No e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="205" />
      <source>Teléfono (opcional)</source>
      <translation>Phone (optional)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="72" />
      <source>Tu RFC</source>
      <translation>Your RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="126" />
      <source>Tu e.firma (FIEL)</source>
      <translation>Your e.firma (FIEL)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="419" />
      <source>Usar {rfc}, el RFC de esta e.firma</source>
      <translation>Use {rfc}, this e.firma's RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="53" />
      <source>Uso en esta computadora</source>
      <translation>Usage on this computer</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="67" />
      <source>Uso:</source>
      <translation>Usage:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="396" />
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="429" />
      <source>Validando la e.firma…</source>
      <translation>Validating the e.firma…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="174" />
      <source>Validar la e.firma</source>
      <translation>Validate the e.firma</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="189" />
      <source>Vigencia</source>
      <translation>Validity</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="195" />
      <source>Vigencia:</source>
      <translation>Validity:</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="453" />
      <source>e.firma válida para {rfc}.</source>
      <translation>Valid e.firma for {rfc}.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="152" />
      <source>e.firma ya guardada</source>
      <translation>e.firma already saved</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_done.py" line="85" />
      <source>e.firma {serial}, vigente hasta el {date}</source>
      <translation>e.firma {serial}, valid until {date}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_schedule.py" line="60" />
      <source>hora de la Ciudad de México</source>
      <translation>Mexico City time</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_activation.py" line="109" />
      <source>{month} XML descargados este mes; {total} en total.</source>
      <translation>{month} XML downloaded this month; {total} in total.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="114" />
      <source>{path} es una carpeta: elige el archivo de la llave privada (.key) que está dentro.</source>
      <translation>{path} is a folder: choose the private key file (.key) inside it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_fiel.py" line="112" />
      <source>{path} es una carpeta: elige el archivo del certificado (.cer) que está dentro.</source>
      <translation>{path} is a folder: choose the certificate file (.cer) inside it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/wizard/page_profile.py" line="43" />
      <source>{rfc} es el RFC genérico que el SAT usa en las facturas para el público en general o el extranjero; escribe el RFC del contribuyente cuyas facturas quieres descargar.</source>
      <translation>{rfc} is the generic RFC SAT uses on invoices for the general public or a foreign party; type the RFC of the taxpayer whose invoices you want to download.</translation>
    </message>
  </context>
  <context>
    <name>SummaryPage</name>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="61" />
      <source>&amp;Configurar un RFC…</source>
      <translation>&amp;Set up an RFC…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="89" />
      <source>&amp;Sincronizar ahora</source>
      <translation>&amp;Sync now</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="220" />
      <source>(hora de la Ciudad de México)</source>
      <translation>(Mexico City time)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="108" />
      <source>Cancelados</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="122" />
      <source>Comprobantes cancelados: no se suman en ninguna columna</source>
      <translation>Cancelled CFDI: not added to any column</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="85" />
      <source>Comprobantes en el índice</source>
      <translation>CFDI in the index</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="112" />
      <source>Comprobantes por mes</source>
      <translation>CFDI per month</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="129" />
      <source>Comprobantes por mes (últimos 12)</source>
      <translation>CFDI per month (last 12)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="63" />
      <source>Configurar un RFC</source>
      <translation>Set up an RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="120" />
      <source>Constancias de retenciones (emitidas y recibidas): no son facturas, no se suman en ninguna columna</source>
      <translation>Withholding certificates (issued and received): not invoices, not added in any column</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="222" />
      <source>Desactivada (actívala en Programación)</source>
      <translation>Off (turn it on in Schedule)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="72" />
      <source>Descarga masiva</source>
      <translation>Bulk download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="102" />
      <source>Egresos emitidos</source>
      <translation>Issued credit notes</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="106" />
      <source>Egresos recibidos</source>
      <translation>Received credit notes</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="100" />
      <source>Emitidos</source>
      <translation>Issued</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="101" />
      <source>Ingresos emitidos</source>
      <translation>Issued income</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="105" />
      <source>Ingresos recibidos</source>
      <translation>Received income</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="99" />
      <source>Mes</source>
      <translation>Month</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="71" />
      <source>Nombre</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="119" />
      <location filename="../../desktop_app/gui/summary/page.py" line="36" />
      <source>Nunca</source>
      <translation>Never</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="103" />
      <source>Nómina pagada</source>
      <translation>Payroll paid</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="67" />
      <source>Perfil</source>
      <translation>Profile</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="83" />
      <source>Próxima descarga diaria</source>
      <translation>Next daily download</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="70" />
      <source>RFC</source>
      <translation>RFC</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="104" />
      <source>Recibidos</source>
      <translation>Received</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="74" />
      <source>Registro con el SAT</source>
      <translation>SAT registration</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="142" />
      <source>Resumen</source>
      <translation>Summary</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="107" />
      <source>Retenciones</source>
      <translation>Withholdings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="79" />
      <source>Sincronización</source>
      <translation>Sync</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="91" />
      <source>Sincronizar ahora</source>
      <translation>Sync now</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="84" />
      <source>Solicitudes en proceso</source>
      <translation>Requests in progress</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="54" />
      <source>Todavía no hay un RFC configurado. Usa el asistente para agregar tu RFC, activar la descarga y cargar tu e.firma; después tus facturas llegarán solas cada mañana.</source>
      <translation>No RFC is set up yet. Use the wizard to add your RFC, activate the download and load your e.firma; after that your invoices will arrive on their own every morning.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="115" />
      <source>Total de las notas de crédito (E) emitidas, en MXN</source>
      <translation>Total of the issued credit notes (E), in MXN</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="118" />
      <source>Total de las notas de crédito (E) recibidas, en MXN</source>
      <translation>Total of the received credit notes (E), in MXN</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="114" />
      <source>Total de los CFDI de ingreso (I) emitidos, en MXN</source>
      <translation>Total of the issued income (I) CFDI, in MXN</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="117" />
      <source>Total de los CFDI de ingreso (I) recibidos, en MXN</source>
      <translation>Total of the received income (I) CFDI, in MXN</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="116" />
      <source>Total de los recibos de nómina (N) emitidos, en MXN</source>
      <translation>Total of the issued payroll receipts (N), in MXN</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="73" />
      <source>e.firma</source>
      <translation>e.firma</translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/summary/page.py" line="207" />
      <source>{mark} Vigente hasta el {date} (%n día)</source>
      <translation>
        <numerusform>{mark} Valid until {date} (%n day)</numerusform>
        <numerusform>{mark} Valid until {date} (%n days)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <location filename="../../desktop_app/gui/summary/page.py" line="209" />
      <source>{mark} Vigente hasta el {date} (%n días)</source>
      <translation>
        <numerusform>{mark} Valid until {date} (%n day)</numerusform>
        <numerusform>{mark} Valid until {date} (%n days)</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="225" />
      <source>{n} ({xml} con XML)</source>
      <translation>{n} ({xml} with XML)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="82" />
      <source>Última sincronización</source>
      <translation>Last sync</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="97" />
      <source>⚠ Con avisos</source>
      <translation>⚠ With warnings</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="100" />
      <source>⚠ Interrumpida (se retoma en la siguiente)</source>
      <translation>⚠ Interrupted (resumed by the next one)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="196" />
      <source>✓ Activada</source>
      <translation>✓ Activated</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="96" />
      <source>✓ Correcta</source>
      <translation>✓ OK</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="213" />
      <source>✓ Registrada el {date}</source>
      <translation>✓ Registered on {date}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="98" />
      <source>✗ Con error</source>
      <translation>✗ Failed</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="199" />
      <source>✗ No cargada</source>
      <translation>✗ Not loaded</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="215" />
      <source>✗ Pendiente</source>
      <translation>✗ Pending</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="196" />
      <source>✗ Sin activar (da tu consentimiento)</source>
      <translation>✗ Not activated (give your consent)</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/summary/page.py" line="202" />
      <source>✗ Vencida el {date}</source>
      <translation>✗ Expired on {date}</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/formatting.py" line="99" />
      <source>⟳ En curso</source>
      <translation>⟳ In progress</translation>
    </message>
  </context>
  <context>
    <name>dialogs</name>
    <message>
      <location filename="../../desktop_app/gui/dialogs.py" line="101" />
      <source>&amp;Copiar informe</source>
      <translation>&amp;Copy report</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/dialogs.py" line="84" />
      <source>Error inesperado</source>
      <translation>Unexpected error</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/dialogs.py" line="98" />
      <source>Informe del error</source>
      <translation>Error report</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/dialogs.py" line="88" />
      <source>Ocurrió un error que no esperábamos. Tus datos están a salvo. Copia este informe y envíalo a los desarrolladores para que lo corrijan.</source>
      <translation>An error we did not expect occurred. Your data is safe. Copy this report and send it to the developers so they can fix it.</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="355" />
      <source>Actualiza la aplicación.</source>
      <translation>Update the app.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="63" />
      <source>Actívala y da tu consentimiento para consultar al SAT con tu e.firma.</source>
      <translation>Activate it and give your consent to query SAT with your e.firma.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="51" />
      <source>Agrega tu RFC en Configuración o con el asistente.</source>
      <translation>Add your RFC in Settings or with the wizard.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="586" />
      <source>Al archivo le faltan columnas de la lista 69-B del SAT (RFC, nombre, situación o fechas de publicación).</source>
      <translation>The file is missing columns of SAT's 69-B list (RFC, name, status or publication dates).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="165" />
      <source>Cambia el periodo o los filtros (basta con un segundo de diferencia).</source>
      <translation>Change the period or the filters (a one-second difference is enough).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="47" />
      <source>Carga la e.firma del RFC de este perfil, o agrega un perfil para ese RFC.</source>
      <translation>Load the e.firma of this profile's RFC, or add a profile for that RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="67" />
      <source>Carga tu .cer, .key y contraseña.</source>
      <translation>Load your .cer, .key and password.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="395" />
      <source>Cierra la aplicación y restaura la copia más reciente con «descarga-masiva database restore» (la base dañada se conserva); luego vuelve a importar los XML de la carpeta de datos.</source>
      <translation>Close the app and restore the newest backup with “descarga-masiva database restore” (the damaged database is kept); then import the XML files of the data folder again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="157" />
      <source>Copia el UUID completo de la factura.</source>
      <translation>Copy the invoice's full UUID.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="97" />
      <source>Corrige el periodo de la solicitud.</source>
      <translation>Correct the request's period.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="405" />
      <source>Da permiso de escritura a tu usuario sobre esa carpeta o elige otra; mientras tanto puedes consultar tus facturas, pero no descargar ni cambiar nada.</source>
      <translation>Give your user permission to write to that folder or choose another one; meanwhile you can look at your invoices, but not download or change anything.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="444" />
      <source>De esta factura sólo se tienen los metadatos del SAT, no su XML.</source>
      <translation>Only SAT's metadata of this invoice is here, not its XML.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="293" />
      <source>Deja el archivo sólo al usuario del servidor (chmod 600) y reinicia el servidor.</source>
      <translation>Make the file readable by the server’s user only (chmod 600) and restart the server.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="345" />
      <source>Deja la aplicación abierta (o en la bandeja) para que la sincronización diaria funcione.</source>
      <translation>Leave the app open (or in the tray) so the daily sync works.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="542" />
      <source>Deja la aplicación abierta para la descarga diaria, o configura un llavero (Secret Service, Llavero de macOS, Administrador de credenciales de Windows) y vuelve a cargar la e.firma.</source>
      <translation>Keep the app open for the daily download, or set up a keyring (Secret Service, macOS Keychain, Windows Credential Manager) and upload the e.firma again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="125" />
      <source>Deja un solo RFC emisor.</source>
      <translation>Keep a single issuer RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="590" />
      <source>Descarga de nuevo del SAT el «Listado completo» del artículo 69-B e impórtalo sin modificarlo.</source>
      <translation>Download the article 69-B “Listado completo” (full list) from SAT again and import it without changing it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="596" />
      <source>Descarga de nuevo el archivo del SAT e impórtalo sin modificarlo.</source>
      <translation>Download the file from SAT again and import it without changing it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="637" />
      <source>Descarga del SAT el archivo Listado_Completo_69-B.csv e impórtalo en Configuración (o con «lists import»).</source>
      <translation>Download the file Listado_Completo_69-B.csv from SAT and import it in Settings (or with “lists import”).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="561" />
      <source>Descarga del SAT el archivo Listado_Completo_69-B.csv, o guarda la hoja como «CSV (delimitado por comas)».</source>
      <translation>Download the file Listado_Completo_69-B.csv from SAT, or save the sheet as “CSV (Comma delimited)”.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="600" />
      <source>Descárgalo de nuevo del SAT y vuelve a importarlo.</source>
      <translation>Download it from SAT again and import it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="101" />
      <source>Divide el periodo en solicitudes mensuales (la sincronización lo hace sola).</source>
      <translation>Split the period into monthly requests (the sync does this on its own).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="169" />
      <source>Divide el periodo; la sincronización lo hace automáticamente.</source>
      <translation>Split the period; the sync does this automatically.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="340" />
      <source>El CFDI no está timbrado.</source>
      <translation>The CFDI is not stamped.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="76" />
      <source>El RFC no es válido.</source>
      <translation>The RFC is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="661" />
      <source>El SAT no aceptó la firma o la hora del mensaje.</source>
      <translation>SAT did not accept the message's signature or its time.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="215" />
      <source>El SAT no aceptó la sesión.</source>
      <translation>SAT did not accept the session.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="180" />
      <source>El SAT no responde en este momento.</source>
      <translation>SAT is not responding right now.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="467" />
      <source>El SAT o un archivo envió un identificador que no es válido; no se usó.</source>
      <translation>SAT or a file sent an identifier that is not valid; it was not used.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="219" />
      <source>El SAT rechazó la solicitud.</source>
      <translation>SAT rejected the request.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="223" />
      <source>El SAT respondió algo que no se pudo leer.</source>
      <translation>SAT sent a response that could not be read.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="207" />
      <source>El SAT respondió con un error al autenticar o al procesar la llamada.</source>
      <translation>SAT returned an error while authenticating or processing the call.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="104" />
      <source>El SAT sólo entrega CFDI de los últimos seis ejercicios.</source>
      <translation>SAT only delivers CFDI from the last six tax years.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="114" />
      <source>El SAT ya no entrega el XML de CFDI recibidos cancelados.</source>
      <translation>SAT no longer delivers the XML of cancelled received CFDI.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="172" />
      <source>El SAT ya no permite descargar este paquete (máximo dos descargas).</source>
      <translation>SAT no longer allows downloading this package (two downloads at most).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="160" />
      <source>El SAT ya tiene una solicitud idéntica en proceso.</source>
      <translation>SAT already has an identical request in progress.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="457" />
      <source>El XML de esta factura en la carpeta de datos fue modificado después de descargarlo.</source>
      <translation>This invoice's XML in the data folder was changed after it was downloaded.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="451" />
      <source>El XML de esta factura ya no está en la carpeta de datos.</source>
      <translation>This invoice's XML is no longer in the data folder.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="489" />
      <source>El archivo XML es más grande que cualquier CFDI; no se leyó.</source>
      <translation>The XML file is larger than any CFDI; it was not read.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="610" />
      <source>El archivo cambió mientras se leía; no se cargó nada.</source>
      <translation>The file changed while it was being read; nothing was loaded.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="22" />
      <source>El archivo de certificado no es un .cer válido.</source>
      <translation>The certificate file is not a valid .cer.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="26" />
      <source>El archivo de llave no es una llave privada .key válida.</source>
      <translation>The key file is not a valid .key private key.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="507" />
      <source>El archivo de metadatos no tiene el formato del SAT.</source>
      <translation>The metadata file is not in SAT's format.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="554" />
      <source>El archivo es demasiado grande para ser la lista 69-B del SAT.</source>
      <translation>The file is too large to be SAT's 69-B list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="560" />
      <source>El archivo es un libro de Excel, no el CSV que publica el SAT.</source>
      <translation>The file is an Excel workbook, not the CSV that SAT publishes.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="599" />
      <source>El archivo está incompleto: termina a la mitad de un renglón; no se cargó nada.</source>
      <translation>The file is incomplete: it ends in the middle of a row; nothing was loaded.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="296" />
      <source>El archivo indicado no es una llave de cifrado de este servidor.</source>
      <translation>The file given is not an encryption key of this server.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="580" />
      <source>El archivo no es la lista 69-B del SAT: no tiene el encabezado con la columna RFC.</source>
      <translation>The file is not SAT's 69-B list: it has no header with the RFC column.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="336" />
      <source>El archivo no es un CFDI.</source>
      <translation>The file is not a CFDI.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="332" />
      <source>El archivo no es un XML válido.</source>
      <translation>The file is not valid XML.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="568" />
      <source>El archivo no está en la codificación en que lo publica el SAT (es UTF-16, no es texto, o sus acentos se dañaron al convertirlo).</source>
      <translation>The file is not in the encoding SAT publishes it in (it is UTF-16, it is not text, or its accents were damaged when it was converted).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="603" />
      <source>El archivo no trae ningún contribuyente que cargar.</source>
      <translation>The file has no taxpayers to load.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="46" />
      <source>El certificado pertenece a otro RFC.</source>
      <translation>The certificate belongs to another RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="132" />
      <source>El complemento no está en el catálogo del SAT.</source>
      <translation>The complement is not in SAT's catalog.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="511" />
      <source>El comprobante trae dos timbres con folios fiscales distintos; no se indexó.</source>
      <translation>The document carries two stamps with different fiscal folios; it was not indexed.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="140" />
      <source>El estado no es válido.</source>
      <translation>The status is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="156" />
      <source>El folio fiscal (UUID) no es válido.</source>
      <translation>The fiscal folio (UUID) is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="416" />
      <source>El importe no es válido.</source>
      <translation>The amount is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="227" />
      <source>El paquete descargado está dañado.</source>
      <translation>The downloaded package is damaged.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="497" />
      <source>El paquete se descomprime a más de lo que cabe en un paquete del SAT; se omitieron los archivos restantes.</source>
      <translation>The package unpacks to more than a SAT package can hold; the remaining files were skipped.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="493" />
      <source>El paquete tiene más archivos de los que el SAT pone en un paquete; no se leyó.</source>
      <translation>The package has more files than SAT puts in one; it was not read.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="529" />
      <source>El paquete todavía no está listo: el SAT sigue preparando la solicitud o aún no se descarga.</source>
      <translation>The package is not ready yet: SAT is still preparing the request, or it has not been downloaded yet.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="168" />
      <source>El periodo tiene más comprobantes de los que el SAT entrega en una solicitud.</source>
      <translation>The period has more CFDI than SAT delivers in one request.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="626" />
      <source>El reporte tiene más filas de las que caben en una hoja de Excel (1,048,576).</source>
      <translation>The report has more rows than fit in an Excel sheet (1,048,576).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="152" />
      <source>El servicio no es válido.</source>
      <translation>The service is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="254" />
      <source>El servidor de la oficina no aceptó la clave de acceso.</source>
      <translation>The office server did not accept the access key.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="80" />
      <source>El teléfono no es válido.</source>
      <translation>The phone number is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="148" />
      <source>El tipo de RFC no es válido.</source>
      <translation>The RFC type is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="136" />
      <source>El tipo de comprobante no es válido.</source>
      <translation>The CFDI type is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="144" />
      <source>El tipo de solicitud no es válido.</source>
      <translation>The request type is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="515" />
      <source>El total del comprobante no es un importe válido.</source>
      <translation>The invoice total is not a valid amount.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="145" />
      <source>Elige CFDI (XML) o metadatos.</source>
      <translation>Choose CFDI (XML) or metadata.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="153" />
      <source>Elige CFDI o retenciones.</source>
      <translation>Choose CFDI or withholdings.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="55" />
      <source>Elige el RFC con el que quieres trabajar.</source>
      <translation>Choose the RFC you want to work with.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="23" />
      <source>Elige el archivo .cer original que te entregó el SAT, sin convertirlo.</source>
      <translation>Choose the original .cer file SAT gave you, without converting it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="27" />
      <source>Elige el archivo .key original de tu e.firma (no el .cer ni una copia convertida).</source>
      <translation>Choose the original .key file of your e.firma (not the .cer or a converted copy).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="583" />
      <source>Elige el archivo Listado_Completo_69-B.csv de los Datos Abiertos del SAT.</source>
      <translation>Choose the file Listado_Completo_69-B.csv from SAT's Open Data (Datos Abiertos).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="555" />
      <source>Elige el archivo Listado_Completo_69-B.csv que descargaste del SAT (pesa unos 5 MB).</source>
      <translation>Choose the file Listado_Completo_69-B.csv you downloaded from SAT (it is about 5 MB).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="149" />
      <source>Elige emitidos o recibidos.</source>
      <translation>Choose issued or received.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="615" />
      <location filename="../../desktop_app/gui/messages.py" line="621" />
      <source>Elige otra carpeta o nombre de archivo donde tengas permiso de escritura y espacio libre.</source>
      <translation>Choose another folder or file name where you have write permission and free space.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="437" />
      <source>Elige otra copia con --backup.</source>
      <translation>Choose another backup with --backup.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="429" />
      <source>Elige otro archivo o carpeta, o pide permiso de acceso.</source>
      <translation>Choose another file or folder, or ask for access.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="633" />
      <source>Elige un archivo en otra carpeta (por ejemplo, Documentos).</source>
      <translation>Choose a file in another folder (Documents, for example).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="133" />
      <source>Elige un complemento de la lista.</source>
      <translation>Choose a complement from the list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="425" />
      <source>Elige una carpeta para guardar los datos.</source>
      <translation>Choose a folder to keep the data in.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="85" />
      <source>Elige una fecha de hasta 71 meses atrás y no posterior a hoy.</source>
      <translation>Choose a date up to 71 months back and not later than today.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="105" />
      <source>Elige una fecha inicial más reciente.</source>
      <translation>Choose a more recent start date.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="141" />
      <source>Elige vigentes, cancelados o todos.</source>
      <translation>Choose active, cancelled or all.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="124" />
      <source>En recibidos sólo se puede filtrar un emisor.</source>
      <translation>For received CFDI you can filter only one issuer.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="181" />
      <source>Es frecuente; la aplicación lo reintentará sola más tarde.</source>
      <translation>This is common; the app will retry on its own later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="322" />
      <source>Es un comprobante de Retenciones: el servicio de verificación de CFDI no lo conoce.</source>
      <translation>It is a Withholdings (Retenciones) document: the CFDI verification service does not know it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="516" />
      <source>Escribe el total con números y punto decimal, por ejemplo 1160.00.</source>
      <translation>Write the total with digits and a decimal point, for example 1160.00.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="17" />
      <source>Escribe la contraseña de tu e.firma tal como la registraste en el SAT (distingue mayúsculas).</source>
      <translation>Enter your e.firma password exactly as you registered it at SAT (it is case-sensitive).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="417" />
      <source>Escribe un importe como 1234.56, sin letras ni símbolos, menor a 10 billones de pesos.</source>
      <translation>Type an amount such as 1234.56, without letters or symbols, below 10 trillion pesos.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="81" />
      <source>Escribe un número de México: +52 y 10 dígitos.</source>
      <translation>Enter a Mexican number: +52 and 10 digits.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="261" />
      <source>Escríbela completa, por ejemplo https://servidor.despacho.mx:8000.</source>
      <translation>Type it in full, for example https://servidor.despacho.mx:8000.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="71" />
      <source>Escríbela para continuar; la sincronización desatendida necesita un llavero del sistema.</source>
      <translation>Enter it to continue; unattended sync needs a system keychain.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="58" />
      <source>Ese RFC ya tiene un perfil.</source>
      <translation>That RFC already has a profile.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="630" />
      <source>Ese archivo está dentro de la carpeta de datos de la aplicación, que una exportación nunca toca.</source>
      <translation>That file is inside the app's data folder, which an export never touches.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="532" />
      <source>Espera a que la solicitud termine (la sincronización lo descarga) y vuelve a intentarlo.</source>
      <translation>Wait for the request to finish (the sync downloads it) and try again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="611" />
      <source>Espera a que termine de descargarse o copiarse y vuelve a importarlo.</source>
      <translation>Wait until it has finished downloading or copying and import it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="234" />
      <source>Espera a que termine.</source>
      <translation>Wait for it to finish.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="319" />
      <source>Espera a que termine; después puedes continuar o empezar otra verificación.</source>
      <translation>Wait for it to finish; then you can resume it or start another check.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="161" />
      <source>Espera a que termine; no hace falta volver a pedirla.</source>
      <translation>Wait for it to finish; there is no need to request it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="670" />
      <source>Esta computadora no confía en el certificado de seguridad del servidor de la oficina.</source>
      <translation>This computer does not trust the office server's security certificate.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="537" />
      <source>Esta computadora no tiene un llavero del sistema que funcione: la contraseña de la e.firma sólo se guarda mientras la aplicación está abierta.</source>
      <translation>This computer has no working system keyring: the e.firma password is kept only while the app is open.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="36" />
      <source>Este certificado es un CSD (sello digital), no una e.firma (FIEL).</source>
      <translation>This certificate is a CSD (invoice-sealing certificate), not an e.firma (FIEL).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="309" />
      <source>Este reporte no se calcula por flujo de efectivo ni por devengado.</source>
      <translation>This report is not calculated on a cash or accrual basis.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="277" />
      <source>Esto no se puede hacer desde esta ventana con el servidor de la oficina.</source>
      <translation>This cannot be done from this window while it works with the office server.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="54" />
      <source>Hay varios RFC configurados.</source>
      <translation>Several RFCs are set up.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="278" />
      <source>Hazlo en el equipo del servidor (con descarga-masiva) o vuelve a «Usar este equipo» en Configuración.</source>
      <translation>Do it on the server computer (with descarga-masiva), or go back to “Use this computer” in Settings.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="573" />
      <source>Importa el archivo Listado_Completo_69-B.csv tal como lo descargaste del SAT, sin abrirlo ni guardarlo con otro programa.</source>
      <translation>Import the file Listado_Completo_69-B.csv exactly as you downloaded it from SAT, without opening or saving it in another program.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="337" />
      <source>Importa sólo XML de facturas timbradas.</source>
      <translation>Import only XML of stamped invoices.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="297" />
      <source>Indica con --vault-key el archivo de llave que creó el servidor.</source>
      <translation>Use --vault-key to give the key file the server created.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="289" />
      <source>Indica su archivo con --vault-key o restáurala del respaldo del servidor.</source>
      <translation>Give its file with --vault-key or restore it from the server's backup.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="303" />
      <source>Inicia el servidor con la llave con que se guardó (--vault-key) o vuelve a subir la e.firma.</source>
      <translation>Start the server with the key it was saved with (--vault-key) or upload the e.firma again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="673" />
      <source>Instala en esta computadora el certificado de la autoridad certificadora (CA) de la oficina, o pide a quien administra el servidor un certificado válido para su dirección. No se perdió nada: la ventana conserva lo que muestra.</source>
      <translation>Install the office's certificate authority (CA) certificate on this computer, or ask whoever runs the server for a valid certificate for its address. Nothing was lost: the window keeps what it shows.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="520" />
      <source>Intenta de nuevo; si se repite, reporta el problema junto con el registro (carpeta logs).</source>
      <translation>Try again; if it happens again, report the problem together with the log (logs folder).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="328" />
      <source>La aplicación se cerró antes de terminar.</source>
      <translation>The app closed before it finished.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="216" />
      <source>La aplicación volverá a autenticarse; si persiste, revisa tu e.firma.</source>
      <translation>The app will authenticate again; if it persists, check your e.firma.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="394" />
      <source>La base de datos de la aplicación está dañada y no se puede leer.</source>
      <translation>The app's database is damaged and cannot be read.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="440" />
      <source>La base de datos está sana: no hay nada que restaurar.</source>
      <translation>The database is healthy: there is nothing to restore.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="359" />
      <source>La base de datos indicada no es compatible.</source>
      <translation>The database given is not supported.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="354" />
      <source>La carpeta de datos fue creada por una versión más nueva de la aplicación.</source>
      <translation>The data folder was created by a newer version of the app.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="422" />
      <source>La carpeta de datos no se puede usar: en su ruta hay un archivo donde debería haber una carpeta.</source>
      <translation>The data folder cannot be used: its path has a file where a folder should be.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="238" />
      <source>La clave de acceso al servidor no tiene permiso para este RFC.</source>
      <translation>The server access key does not have permission for this RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="242" />
      <source>La clave de acceso al servidor sólo permite consultar, no hacer cambios.</source>
      <translation>The server access key only allows viewing, not making changes.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="264" />
      <source>La clave del servidor de la oficina viajaría sin cifrar por la red con una dirección http://.</source>
      <translation>The office server's key would travel unencrypted over the network with an http:// address.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="70" />
      <source>La contraseña de la e.firma no está guardada en el llavero del sistema.</source>
      <translation>The e.firma password is not saved in the system keychain.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="16" />
      <source>La contraseña no abre la llave privada (.key).</source>
      <translation>The password does not open the private key (.key).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="436" />
      <source>La copia de seguridad también está dañada.</source>
      <translation>The backup is damaged too.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="37" />
      <source>La descarga masiva del SAT sólo acepta la e.firma: elige los archivos de tu FIEL.</source>
      <translation>SAT's bulk download only accepts the e.firma: choose your FIEL files.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="62" />
      <source>La descarga masiva no está activada para este RFC.</source>
      <translation>Bulk download is not activated for this RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="378" />
      <source>La dirección configurada para el servicio del SAT no es válida o no es segura.</source>
      <translation>The address configured for SAT's service is not valid or not secure.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="260" />
      <source>La dirección del servidor de la oficina no es válida.</source>
      <translation>The office server address is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="42" />
      <source>La e.firma está vencida o aún no es válida.</source>
      <translation>The e.firma has expired or is not valid yet.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="445" />
      <source>La factura impresa se hace con el XML: descárgalo del SAT (CFDI, no metadatos) y reinténtalo.</source>
      <translation>The printed representation is made from the XML: download it from SAT (CFDI, not metadata) and try again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="84" />
      <source>La fecha de inicio de sincronización no es válida.</source>
      <translation>The sync start date is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="96" />
      <source>La fecha inicial debe ser anterior a la fecha final.</source>
      <translation>The start date must be earlier than the end date.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="108" />
      <source>La fecha inicial se recorrió al día más antiguo que el SAT todavía entrega (seis años).</source>
      <translation>The start date was moved to the oldest day SAT still serves (six years).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="92" />
      <source>La fecha no es válida.</source>
      <translation>The date is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="300" />
      <source>La llave de cifrado del servidor no abre la contraseña de e.firma guardada para este RFC.</source>
      <translation>The server's encryption key does not open the e.firma password saved for this RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="32" />
      <source>La llave privada no corresponde a este certificado.</source>
      <translation>The private key does not match this certificate.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="88" />
      <source>La programación no es válida.</source>
      <translation>The schedule is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="284" />
      <source>La página pedida no corresponde a este orden de la lista.</source>
      <translation>The requested page does not match this sort order of the list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="386" />
      <source>La respuesta del SAT fue demasiado grande y se descartó sin leerla completa.</source>
      <translation>SAT's answer was too large and was discarded without reading all of it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="526" />
      <source>Las demás líneas se leyeron. Revisa que el TXT sea el que entregó el SAT.</source>
      <translation>The other lines were read. Check that the TXT is the one SAT handed out.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="220" />
      <source>Lee el mensaje del SAT en el detalle de la solicitud.</source>
      <translation>Read SAT's message in the request details.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="371" />
      <source>Libera espacio y vuelve a sincronizar; no se perdió nada y lo pendiente se descargará en cuanto haya lugar.</source>
      <translation>Free some space and sync again; nothing was lost and what is pending will download as soon as there is room.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="273" />
      <source>Lo que respondió esa dirección no es el servidor de la oficina.</source>
      <translation>What answered at that address is not the office server.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="192" />
      <source>Lo que se pudo leer ya está integrado; el paquete se descargará de nuevo más tarde (el SAT permite dos descargas de cada paquete).</source>
      <translation>What could be read is already added; the package will be downloaded again later (SAT allows two downloads of each package).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="502" />
      <source>Los comprobantes anteriores se indexaron. Revisa que el ZIP sea un paquete del SAT.</source>
      <translation>The documents before them were indexed. Check that the ZIP is a SAT package.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="478" />
      <location filename="../../desktop_app/gui/messages.py" line="484" />
      <source>Los demás comprobantes se indexaron. Revisa el archivo indicado con quien lo emitió.</source>
      <translation>The other documents were indexed. Check the file named with whoever issued it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="474" />
      <source>Los demás comprobantes se indexaron. Revisa el archivo indicado.</source>
      <translation>The other documents were indexed. Check the file named.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="111" />
      <source>Los días anteriores ya no se pueden descargar del SAT.</source>
      <translation>The days before it can no longer be downloaded from SAT.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="200" />
      <source>Los que faltan no se pudieron leer de los paquetes del SAT (el motivo está en los eventos de la solicitud); puede crear la solicitud de nuevo para volver a descargarlos.</source>
      <translation>The missing ones could not be read from SAT's packages (the request's events say why); you can create the request again to download them again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="441" />
      <source>No hagas nada (o usa --force si de verdad quieres volver a la copia).</source>
      <translation>Do nothing (or use --force if you really want to go back to the backup).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="432" />
      <source>No hay copia de seguridad de la base de datos.</source>
      <translation>There is no backup of the database.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="370" />
      <source>No hay suficiente espacio libre en el disco donde se guardan tus facturas.</source>
      <translation>There is not enough free space on the disk where your invoices are kept.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="66" />
      <source>No hay una e.firma guardada para este RFC.</source>
      <translation>There is no saved e.firma for this RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="176" />
      <source>No se encontró la información.</source>
      <translation>The information was not found.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="288" />
      <source>No se encontró la llave con que el servidor cifra las contraseñas de e.firma.</source>
      <translation>The key the server uses to encrypt e.firma passwords was not found.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="344" />
      <source>No se encontró un programador de tareas del sistema.</source>
      <translation>No system task scheduler was found.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="468" />
      <source>No se escribió nada fuera de la carpeta de datos. Si se repite, revisa tu conexión o proxy.</source>
      <translation>Nothing was written outside the data folder. If it happens again, check your connection or proxy.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="460" />
      <source>No se muestra como si fuera del SAT: se descargará de nuevo del SAT cuando tu e.firma esté cargada y la descarga masiva activada.</source>
      <translation>It is not shown as if it were SAT's: it will be downloaded from SAT again once your e.firma is loaded and the mass download is on.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="247" />
      <source>No se perdió nada: la ventana conserva lo que muestra y vuelve a intentarlo sola. Revisa la red o que el servidor esté encendido.</source>
      <translation>Nothing was lost: the window keeps what it shows and tries again by itself. Check the network, or that the server is turned on.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="550" />
      <source>No se perdió nada: se conserva la copia buena.</source>
      <translation>Nothing was lost: the good copy is kept.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="363" />
      <source>No se pudo conectar con la base de datos PostgreSQL del servidor.</source>
      <translation>Cannot connect to the server's PostgreSQL database.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="649" />
      <source>No se pudo establecer una conexión segura con el SAT: su certificado de seguridad no fue aceptado.</source>
      <translation>A secure connection to SAT could not be made: its security certificate was not accepted.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="614" />
      <source>No se pudo guardar el reporte en ese archivo.</source>
      <translation>The report could not be saved to that file.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="620" />
      <source>No se pudo guardar la exportación en ese archivo.</source>
      <translation>The export could not be saved to that file.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="350" />
      <source>No se pudo registrar la tarea del sistema.</source>
      <translation>The system task could not be registered.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="246" />
      <source>No se puede conectar con el servidor de la oficina.</source>
      <translation>Cannot connect to the office server.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="402" />
      <source>No se puede escribir en la carpeta de datos (es de sólo lectura o tu usuario no tiene permiso).</source>
      <translation>The data folder cannot be written (it is read-only or your user has no permission).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="185" />
      <source>No se reenvió para no gastar una de las dos solicitudes permitidas; créala de nuevo si la necesitas.</source>
      <translation>It was not resent so as not to use up one of the two allowed requests; create it again if you need it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="703" />
      <location filename="../../desktop_app/gui/messages.py" line="711" />
      <source>Ocurrió un error ({code}).</source>
      <translation>An error occurred ({code}).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="519" />
      <source>Ocurrió un error interno de la aplicación.</source>
      <translation>An internal error occurred in the application.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="292" />
      <source>Otros usuarios del equipo pueden leer la llave de cifrado del servidor.</source>
      <translation>Other users of this computer can read the server's encryption key.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="512" />
      <source>Pide a quien lo emitió el XML correcto.</source>
      <translation>Ask whoever issued it for the right XML.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="239" />
      <source>Pide al administrador del servidor una clave que incluya este RFC.</source>
      <translation>Ask the server administrator for a key that includes this RFC.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="243" />
      <source>Pide al administrador del servidor una clave que permita hacer cambios.</source>
      <translation>Ask the server administrator for a key that allows changes.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="129" />
      <source>Pide el folio (UUID) solo, sin periodo ni filtros.</source>
      <translation>Request the folio (UUID) alone, without a period or filters.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="115" />
      <source>Pide los XML recibidos sólo vigentes; los metadatos sí traen el estado de los cancelados.</source>
      <translation>Request received XML as active only; the metadata does include the status of cancelled ones.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="627" />
      <source>Pide un periodo más corto o expórtalo a JSON; no se guardó nada.</source>
      <translation>Ask for a shorter period or export it as JSON; nothing was saved.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="329" />
      <source>Puedes continuar donde se quedó: no se vuelve a preguntar lo ya respondido.</source>
      <translation>You can resume where it left off: invoices already answered are not asked about again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="121" />
      <source>Quita algunos RFC del filtro.</source>
      <translation>Remove some RFCs from the filter.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="310" />
      <source>Quita la opción --basis: sólo aplica al reporte de IVA.</source>
      <translation>Remove the --basis option: it only applies to the VAT (IVA) report.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="43" />
      <source>Renueva tu e.firma en el SAT (SAT ID o en una oficina) y vuelve a cargarla.</source>
      <translation>Renew your e.firma at SAT (SAT ID or at an office) and load it again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="177" />
      <source>Revisa el dato buscado.</source>
      <translation>Check what you searched for.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="351" />
      <source>Revisa el detalle del error.</source>
      <translation>Check the error details.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="413" />
      <source>Revisa el valor indicado: un número entero desde 0, sin letras ni símbolos.</source>
      <translation>Check that value: a whole number from 0, without letters or symbols.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="255" />
      <source>Revisa la clave en Configuración → Servidor de la oficina, o pide una nueva al administrador.</source>
      <translation>Check the key in Settings → Office server, or ask the administrator for a new one.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="274" />
      <source>Revisa la dirección (el puerto, http o https) con el administrador.</source>
      <translation>Check the address (the port, http or https) with the administrator.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="89" />
      <source>Revisa la hora (HH:mm) y los días hacia atrás (1 a 90).</source>
      <translation>Check the time (HH:mm) and the days back (1 to 90).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="364" />
      <source>Revisa que PostgreSQL esté en marcha y que la dirección, el usuario y la contraseña sean correctos.</source>
      <translation>Check that PostgreSQL is running and that the address, user and password are right.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="494" />
      <source>Revisa que el ZIP sea un paquete del SAT.</source>
      <translation>Check that the ZIP is a SAT package.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="653" />
      <source>Revisa que la fecha y la hora de tu computadora sean correctas; si un antivirus o un proxy de tu red revisa las conexiones seguras (HTTPS), permite las direcciones del SAT. La aplicación lo reintentará sola.</source>
      <translation>Check that your computer's date and time are correct; if an antivirus or a proxy on your network inspects secure (HTTPS) connections, allow SAT's addresses. The app will try again by itself.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="662" />
      <source>Revisa que la fecha, la hora y la zona horaria de tu computadora sean correctas (el SAT rechaza los mensajes cuya hora difiere de la suya por más de unos minutos) y que tu e.firma esté vigente. La aplicación lo reintentará sola.</source>
      <translation>Check that your computer's date, time and time zone are right (SAT refuses messages whose time is more than a few minutes off its own) and that your e.firma is valid. The app will try again on its own.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="508" />
      <source>Revisa que sea el TXT de metadatos que entrega el SAT, sin editar.</source>
      <translation>Check that it is the metadata TXT SAT hands out, unedited.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="490" />
      <source>Revisa que sea un comprobante y no otro archivo.</source>
      <translation>Check that it is an invoice and not another file.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="164" />
      <source>Se agotaron las solicitudes idénticas que el SAT permite para ese periodo.</source>
      <translation>The identical requests SAT allows for that period are used up.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="452" />
      <source>Se descargará de nuevo del SAT cuando tu e.firma esté cargada y la descarga masiva activada.</source>
      <translation>It will be downloaded from SAT again once your e.firma is loaded and the mass download is on.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="199" />
      <source>Se integraron menos comprobantes de los que informó el SAT para la solicitud.</source>
      <translation>Fewer documents were added than SAT reported for the request.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="184" />
      <source>Se perdió la respuesta del SAT y no se sabe si registró la solicitud.</source>
      <translation>SAT's response was lost and it is unknown whether it registered the request.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="120" />
      <source>Se pueden filtrar como máximo 5 receptores.</source>
      <translation>You can filter at most 5 recipients.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="224" />
      <source>Se reintentará más tarde.</source>
      <translation>It will be retried later.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="387" />
      <source>Se reintentará más tarde; si se repite, revisa tu conexión o proxy: la dirección del servicio podría no ser la del SAT.</source>
      <translation>It will be tried again later; if it happens again, check your connection or proxy: the service address may not be SAT's.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="228" />
      <source>Se volverá a descargar si el SAT lo permite.</source>
      <translation>It will be downloaded again if SAT allows it.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="59" />
      <source>Selecciónalo en la lista de perfiles.</source>
      <translation>Select it in the profile list.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="325" />
      <source>Su estado llega con los metadatos de Retenciones al sincronizar.</source>
      <translation>Its status comes with the Withholdings metadata when syncing.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="208" />
      <source>Suele ser temporal y se reintentará; si persiste, revisa que la fecha y hora de tu computadora sean correctas y que uses tu e.firma vigente.</source>
      <translation>It is usually temporary and will be retried; if it persists, check that your computer's date and time are correct and that you use your current e.firma.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="341" />
      <source>Sólo se pueden guardar CFDI con timbre fiscal.</source>
      <translation>Only CFDI with a tax stamp can be saved.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="50" />
      <source>Todavía no hay un RFC configurado.</source>
      <translation>No RFC is set up yet.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="636" />
      <source>Todavía no se ha cargado la lista 69-B del SAT.</source>
      <translation>SAT's 69-B list has not been loaded yet.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="428" />
      <source>Tu usuario no tiene permiso para usar ese archivo o carpeta.</source>
      <translation>Your user may not use that file or folder.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="77" />
      <source>Un RFC tiene 12 (moral) o 13 (física) caracteres.</source>
      <translation>An RFC has 12 (legal entity) or 13 (individual) characters.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="483" />
      <source>Un comprobante tiene un total que no es un número; se omitió sólo ese.</source>
      <translation>A document has a total that is not a number; only that one was skipped.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="477" />
      <source>Un comprobante tiene una fecha de emisión imposible; se omitió sólo ese.</source>
      <translation>A document has an impossible issue date; only that one was skipped.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="473" />
      <source>Un comprobante tiene valores que no se pueden indexar; se omitió sólo ese.</source>
      <translation>A document has values that cannot be indexed; only that one was skipped.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="191" />
      <source>Un paquete del SAT llegó dañado: algunos de sus archivos no se pudieron leer.</source>
      <translation>A SAT package arrived damaged: some of its files could not be read.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="595" />
      <source>Un renglón del archivo no corresponde a la lista 69-B del SAT; no se cargó nada.</source>
      <translation>A row of the file does not match SAT's 69-B list; nothing was loaded.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="549" />
      <source>Una copia dañada de un comprobante que ya estaba bien guardado; se omitió.</source>
      <translation>A damaged copy of a document that was already stored well; it was skipped.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="525" />
      <source>Una línea del archivo de metadatos es demasiado larga; se omitió sólo esa.</source>
      <translation>A line of the metadata file is too long; only that one was skipped.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="128" />
      <source>Una solicitud por folio no admite otros filtros.</source>
      <translation>A request by folio does not accept other filters.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="100" />
      <source>Una solicitud puede abarcar como máximo un mes.</source>
      <translation>A request can cover one month at most.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="412" />
      <source>Uno de los valores escritos no es válido.</source>
      <translation>One of the values you typed is not valid.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="137" />
      <source>Usa I, E, P, N o T.</source>
      <translation>Use I, E, P, N or T.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="33" />
      <source>Usa el .key y el .cer de la misma e.firma.</source>
      <translation>Use the .key and .cer of the same e.firma.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="93" />
      <source>Usa el formato AAAA-MM-DD.</source>
      <translation>Use the format YYYY-MM-DD.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="267" />
      <source>Usa la dirección https:// del servidor (pídela al administrador); http:// sólo en esta computadora.</source>
      <translation>Use the server's https:// address (ask the administrator for it); http:// only on this computer.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="379" />
      <source>Usa una dirección https:// (http:// sólo en este equipo) o quita DESCARGA_MASIVA_SAT_URL, DESCARGA_MASIVA_SAT_RET_URL y DESCARGA_MASIVA_CONSULTA_URL para usar las del SAT.</source>
      <translation>Use an https:// address (http:// only on this computer) or remove DESCARGA_MASIVA_SAT_URL, DESCARGA_MASIVA_SAT_RET_URL and DESCARGA_MASIVA_CONSULTA_URL to use SAT's own.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="360" />
      <source>Usa una dirección postgresql:// o la base de datos de la carpeta de datos.</source>
      <translation>Use a postgresql:// address or the data folder's database.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="433" />
      <source>Usa «descarga-masiva database restore --empty» y vuelve a importar los XML.</source>
      <translation>Use “descarga-masiva database restore --empty” and import the XML files again.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="604" />
      <source>Verifica que sea el «Listado completo» del artículo 69-B que publica el SAT y no un archivo vacío.</source>
      <translation>Check that it is the article 69-B “Listado completo” (full list) that SAT publishes and not an empty file.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="333" />
      <source>Verifica que sea un CFDI completo.</source>
      <translation>Check that it is a complete CFDI.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="285" />
      <source>Vuelve a pedir la lista desde la primera página.</source>
      <translation>Request the list again from the first page.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="173" />
      <source>Vuelve a solicitar el periodo para obtener un paquete nuevo.</source>
      <translation>Request the period again to get a new package.</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="231" />
      <source>Ya hay una sincronización de este RFC en curso (otra ventana o la tarea programada).</source>
      <translation>A sync of this RFC is already running (another window or the scheduled task).</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/messages.py" line="314" />
      <source>Ya se está verificando el estado de facturas de este RFC en el SAT (en esta ventana, la descarga diaria u otro comando).</source>
      <translation>The status of this RFC's invoices is already being checked with SAT (in this window, by the daily download or by another command).</translation>
    </message>
  </context>
  <context>
    <name>upgrade</name>
    <message>
      <location filename="../../desktop_app/gui/upgrade.py" line="39" />
      <source>Actualizando el índice de facturas a esta versión (sólo esta vez; puede tardar un minuto)…</source>
      <translation>Updating the invoice index to this version (only this once; it may take a minute)…</translation>
    </message>
    <message>
      <location filename="../../desktop_app/gui/upgrade.py" line="42" />
      <source>Descarga Masiva SAT</source>
      <translation>Descarga Masiva SAT</translation>
    </message>
  </context>
</TS>
