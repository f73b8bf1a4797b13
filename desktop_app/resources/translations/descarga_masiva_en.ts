<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="es_MX">
  <context>
    <name>HistoryPage</name>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="75" />
      <source>&amp;Buscar:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="147" />
      <source>&amp;Contenido:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="146" />
      <source>&amp;Descargar:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="149" />
      <source>&amp;Estado del comprobante:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="67" />
      <source>&amp;Estado:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="78" />
      <source>&amp;Nueva solicitud…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="145" />
      <source>&amp;Periodo del:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="151" />
      <source>&amp;RFC a cuenta de terceros:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="126" />
      <source>&amp;Solicitar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="148" />
      <source>&amp;Tipo de comprobante:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="81" />
      <source>&amp;Verificar ahora</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="139" />
      <source>&amp;al</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="142" />
      <source>(aún no asignado)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="64" />
      <source>Abiertas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="106" />
      <source>Aviso de las solicitudes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="191" />
      <source>Bitácora (cada respuesta del SAT)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="72" />
      <source>Buscar en las solicitudes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="91" />
      <source>CFDI (XML)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="90" />
      <source>CFDI o metadatos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="106" />
      <source>Cancelados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="131" />
      <location filename="../../../desktop_app/gui/history/new_request.py" line="133" />
      <source>Cancelar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="143" />
      <location filename="../../../desktop_app/gui/history/detail.py" line="198" />
      <source>CodEstatus</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="145" />
      <source>CodigoEstadoSolicitud</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/model.py" line="45" />
      <source>Comprobantes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/model.py" line="53" />
      <source>Comprobantes descargados e integrados a tus facturas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="133" />
      <source>Comprobantes encontrados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="134" />
      <source>Comprobantes procesados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/model.py" line="52" />
      <source>Comprobantes que el SAT encontró en el periodo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="362" />
      <location filename="../../../desktop_app/gui/history/page.py" line="261" />
      <location filename="../../../desktop_app/gui/history/page.py" line="356" />
      <source>Consultando al SAT…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="164" />
      <location filename="../../../desktop_app/gui/history/model.py" line="48" />
      <source>Creada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="200" />
      <source>Código</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="65" />
      <source>Datos, códigos del SAT, paquetes y bitácora de la solicitud</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="175" />
      <source>Descargas usadas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="47" />
      <source>Detalle de la solicitud</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="314" />
      <source>Detalle técnico: {message}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="175" />
      <source>Documentos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="240" />
      <source>El RFC a cuenta de terceros no es válido: tiene 12 (moral) o 13 (física) caracteres.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="274" />
      <source>El SAT no pudo procesar la solicitud ({code}: {message}).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="270" />
      <source>El SAT rechazó la solicitud ({code}: {message}).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="278" />
      <source>El SAT rechazó la solicitud por no ser válida: {message}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="286" />
      <source>El SAT rechazó la solicitud: {code} {message}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="264" />
      <source>El SAT respondió un estado inesperado ({state}); se le volverá a preguntar.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="258" />
      <source>El SAT respondió {code} ({message}) al verificar; se le volverá a preguntar.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="371" />
      <source>El SAT respondió: {status}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="190" />
      <source>El SAT todavía no entrega paquetes para esta solicitud.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="166" />
      <source>Emisión más antigua</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="167" />
      <source>Emisión más reciente</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="86" />
      <source>Emitidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="84" />
      <source>Emitidos o recibidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="291" />
      <source>Enviando la solicitud…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="128" />
      <source>Enviar la solicitud al SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="175" />
      <source>Error</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="120" />
      <source>Error en la solicitud</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="127" />
      <location filename="../../../desktop_app/gui/history/detail.py" line="131" />
      <location filename="../../../desktop_app/gui/history/detail.py" line="175" />
      <source>Estado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="160" />
      <location filename="../../../desktop_app/gui/history/new_request.py" line="103" />
      <source>Estado del comprobante</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="144" />
      <location filename="../../../desktop_app/gui/history/detail.py" line="199" />
      <source>EstadoSolicitud</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="132" />
      <source>Explicación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="196" />
      <source>Fecha</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="80" />
      <source>Fecha final del periodo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="79" />
      <source>Fecha inicial del periodo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="62" />
      <source>Filtrar por estado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="162" />
      <source>Folio fiscal (UUID)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="142" />
      <source>IdSolicitud</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="73" />
      <source>IdSolicitud, periodo, tipo, mensaje…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="156" />
      <source>Identificador</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="230" />
      <source>La fecha final no puede ser anterior a la fecha inicial.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="307" />
      <source>Los paquetes del SAT vencieron (duran 72 horas) antes de descargarse; vuelve a solicitar el periodo.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="146" />
      <location filename="../../../desktop_app/gui/history/detail.py" line="201" />
      <source>Mensaje</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="92" />
      <source>Metadatos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="311" />
      <source>No se pudo completar la solicitud. Detalle técnico: {message}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="110" />
      <source>Nota sobre el estado del comprobante</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="65" />
      <location filename="../../../desktop_app/gui/history/new_request.py" line="66" />
      <location filename="../../../desktop_app/gui/history/page.py" line="80" />
      <source>Nueva solicitud al SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="115" />
      <source>Opcional</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="197" />
      <source>Operación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="163" />
      <location filename="../../../desktop_app/gui/history/model.py" line="47" />
      <source>Origen</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="175" />
      <source>Paquete</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="171" />
      <source>Paquetes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="205" />
      <source>Para CFDI recibidos sólo se piden los vigentes: el SAT ya no entrega el XML de los recibidos cancelados. Pide Metadatos para conocer el estado de los cancelados.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="152" />
      <source>Parámetros</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="158" />
      <location filename="../../../desktop_app/gui/history/model.py" line="44" />
      <source>Periodo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="154" />
      <source>Pide al SAT los comprobantes de un periodo de hasta un mes. Para periodos más largos, haz una solicitud por mes (la sincronización diaria lo hace sola).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="84" />
      <source>Pregunta al SAT por las solicitudes abiertas y descarga lo que esté listo.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/model.py" line="46" />
      <source>Procesados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="148" />
      <source>Próxima consulta</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="54" />
      <source>Qué pasó y qué hacer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="112" />
      <source>Qué pasó: el SAT preparó los paquetes, pero vencieron (duran 72 horas) antes de que se descargaran. Qué hacer: usa «Volver a solicitar» para pedir el mismo periodo otra vez; el SAT permite dos solicitudes idénticas por periodo.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="118" />
      <source>Qué pasó: {what} Qué hacer: revisa la respuesta del SAT abajo; si el problema ya se resolvió (por ejemplo, el SAT no respondía), usa «Volver a solicitar».</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="161" />
      <source>RFC a cuenta de terceros</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="114" />
      <source>RFC a cuenta de terceros (opcional)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="85" />
      <source>Recibidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="138" />
      <source>Respuesta del SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="211" />
      <source>Se descargaron e integraron {n} comprobantes.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="49" />
      <location filename="../../../desktop_app/gui/history/detail.py" line="84" />
      <source>Selecciona una solicitud para ver su detalle.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="306" />
      <source>Solicitud creada: {status}. La lista se actualiza sola conforme responde el SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="88" />
      <source>Solicitudes al SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="175" />
      <source>Tamaño</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="165" />
      <location filename="../../../desktop_app/gui/history/model.py" line="49" />
      <source>Terminada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="157" />
      <location filename="../../../desktop_app/gui/history/model.py" line="43" />
      <source>Tipo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="159" />
      <location filename="../../../desktop_app/gui/history/new_request.py" line="96" />
      <source>Tipo de comprobante</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="63" />
      <source>Todas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="217" />
      <source>Todavía no hay respuestas del SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="97" />
      <location filename="../../../desktop_app/gui/history/new_request.py" line="104" />
      <location filename="../../../desktop_app/gui/history/vocabulary.py" line="121" />
      <source>Todos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="234" />
      <source>Una solicitud abarca como máximo un mes: con esa fecha inicial, la final puede ser hasta el {date}. Para más tiempo, haz una solicitud por mes.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="83" />
      <source>Verificar ahora con el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/new_request.py" line="105" />
      <source>Vigentes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="58" />
      <source>Volver a &amp;solicitar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="60" />
      <source>Volver a solicitar el mismo periodo al SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="331" />
      <source>Volviendo a solicitar el periodo…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/page.py" line="303" />
      <source>Ya existe una solicitud igual; no se volvió a pedir al SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="94" />
      <source>{kind}, {period}: {status}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="180" />
      <source>{used} de {limit}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/history/detail.py" line="147" />
      <source>Última consulta</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>InvoicesPage</name>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="155" />
      <source>&amp;Abrir XML</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="173" />
      <source>&amp;Archivos XML o ZIP…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="104" />
      <source>&amp;Buscar:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="99" />
      <source>&amp;Desde:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="103" />
      <source>&amp;Estado:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="354" />
      <source>&amp;Guardar como PDF…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="100" />
      <source>&amp;Hasta:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="159" />
      <source>&amp;Imprimir / Guardar PDF</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="353" />
      <source>&amp;Imprimir…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="157" />
      <source>&amp;Mostrar en carpeta</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="98" />
      <source>&amp;Periodo:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="102" />
      <source>&amp;Tipo:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="101" />
      <source>&amp;Ver:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="161" />
      <source>&amp;Verificar estado en el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="167" />
      <source>A &amp;CSV…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="166" />
      <source>A &amp;Excel (.xlsx)…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="301" />
      <source>Aún no hay complementos de pago para esta factura; se debe el total {0}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="250" />
      <source>Base</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="82" />
      <source>Buscar por RFC, nombre o UUID</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="170" />
      <source>CFDI relacionados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="475" />
      <source>CFDI y paquetes (*.xml *.XML *.zip *.ZIP);;Todos (*)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="339" />
      <source>CURP del empleado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/totals.py" line="51" />
      <source>Calculando totales…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/model.py" line="351" />
      <source>Cancelado el {0}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="219" />
      <source>Cantidad</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/model.py" line="342" />
      <source>Cargando…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="391" />
      <source>Certificado del SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="392" />
      <source>Certificado del emisor</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="376" />
      <source>Clase</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="219" />
      <source>Clave</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="315" />
      <source>Complemento (UUID)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="296" />
      <source>Complemento de pago</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="101" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="136" />
      <source>Comprobante</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="376" />
      <source>Concepto</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="220" />
      <source>Conceptos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="378" />
      <source>Consultando el estado en el SAT…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="184" />
      <source>Código</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="357" />
      <source>Deducción</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="219" />
      <source>Descripción</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="149" />
      <source>Descuento</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="75" />
      <source>Desde</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="88" />
      <source>Detalle de la factura</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="360" />
      <source>Documento PDF (*.pdf)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="288" />
      <source>Documento pagado (UUID)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="128" />
      <source>Domicilio fiscal (C.P.)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="337" />
      <source>Días pagados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="163" />
      <source>E&amp;xportar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="414" />
      <source>El SAT responde: {0}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="110" />
      <source>Emisor</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="103" />
      <location filename="../../../desktop_app/gui/invoices/model.py" line="353" />
      <source>Emitida</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="77" />
      <source>Emitidas o recibidas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="79" />
      <source>Estado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="183" />
      <source>Estado en el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="177" />
      <source>Estado: {0}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="186" />
      <source>Estatus de cancelación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="447" />
      <source>Exportando…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="436" />
      <source>Exportar facturas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="142" />
      <source>Fecha de emisión</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="315" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="332" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="269" />
      <source>Fecha de pago</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="389" />
      <source>Fecha de timbrado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="388" />
      <source>Folio fiscal (UUID)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="270" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="144" />
      <source>Forma de pago</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="360" />
      <source>Guardar PDF</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="76" />
      <source>Hasta</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="169" />
      <source>I&amp;mportar XML/ZIP</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="343" />
      <source>ISR retenido</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="506" />
      <source>Importación terminada: {0} nuevas, {1} actualizadas, {2} sin cambios, {3} omitidas.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="493" />
      <source>Importando…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="475" />
      <source>Importar XML o ZIP</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="482" />
      <source>Importar una carpeta de CFDI</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="219" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="250" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="376" />
      <source>Importe</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="316" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="292" />
      <source>Importe pagado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/totals.py" line="67" />
      <source>Importes en pesos mexicanos (MXN), convertidos con el tipo de cambio de cada CFDI.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="250" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="253" />
      <source>Impuesto</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="260" />
      <source>Impuestos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="428" />
      <source>Libro de Excel (*.xlsx)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="76" />
      <source>Lista de facturas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="143" />
      <source>Lugar de expedición</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="271" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="146" />
      <source>Moneda</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="272" />
      <source>Monto</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="145" />
      <source>Método de pago</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="249" />
      <location filename="../../../desktop_app/gui/invoices/page.py" line="250" />
      <source>No hay facturas con este filtro.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="114" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="126" />
      <source>Nombre</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="377" />
      <source>Nómina</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/model.py" line="315" />
      <source>Ordenar por esta columna no está disponible; ordene por fecha, total o UUID.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="366" />
      <source>Otro pago</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="367" />
      <source>PDF guardado en {0}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="266" />
      <source>Pago {0}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="318" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="302" />
      <source>Pagos recibidos (PPD)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="315" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="290" />
      <source>Parcialidad</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="348" />
      <source>Percepción</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="338" />
      <source>Periodicidad</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="334" />
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="74" />
      <source>Periodo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="113" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="125" />
      <source>RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="390" />
      <source>RFC del PAC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="83" />
      <source>RFC, nombre o UUID</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="122" />
      <source>Receptor</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="103" />
      <location filename="../../../desktop_app/gui/invoices/model.py" line="353" />
      <source>Recibida</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="170" />
      <source>Relación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="253" />
      <source>Retenidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="115" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="127" />
      <source>Régimen fiscal</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="315" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="291" />
      <source>Saldo anterior</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="316" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="293" />
      <source>Saldo insoluto</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="317" />
      <source>Saldo pendiente: {0}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="462" />
      <source>Se exportaron {0} facturas a {1}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="90" />
      <source>Seleccione una factura para ver su detalle.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="141" />
      <source>Serie y folio</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="289" />
      <source>Serie-Folio</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="148" />
      <source>Subtotal</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="193" />
      <source>Sólo se conocen los metadatos de este CFDI: no hay XML en la bóveda. El SAT no entrega el XML de los CFDI recibidos que están cancelados; los datos de arriba vienen de los metadatos.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="259" />
      <source>Sólo se puede ordenar por fecha, total o UUID.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="250" />
      <source>Tasa o cuota</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="394" />
      <source>Timbre fiscal digital</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="376" />
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="139" />
      <source>Tipo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="147" />
      <source>Tipo de cambio</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="78" />
      <source>Tipo de comprobante</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="331" />
      <source>Tipo de nómina</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="250" />
      <source>Tipo factor</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="150" />
      <source>Total</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="105" />
      <source>Total &amp;mín.:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="341" />
      <source>Total de deducciones</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="257" />
      <source>Total de impuestos retenidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="256" />
      <source>Total de impuestos trasladados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="342" />
      <source>Total de otros pagos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="340" />
      <source>Total de percepciones</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="106" />
      <source>Total má&amp;x.:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="93" />
      <source>Total máximo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="88" />
      <source>Total mínimo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/totals.py" line="32" />
      <source>Totales del filtro</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="251" />
      <source>Trasladados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="170" />
      <source>UUID</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="175" />
      <source>Una &amp;carpeta…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="219" />
      <source>Unidad</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="129" />
      <source>Uso del CFDI</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="219" />
      <source>Valor unitario</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/page.py" line="432" />
      <source>Valores separados por comas (*.csv)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="188" />
      <source>Verificación en el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="140" />
      <source>Versión</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="179" />
      <source>cancelado el {0}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="94" />
      <source>máximo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/filters.py" line="89" />
      <source>mínimo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="335" />
      <source>{0} a {1}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/invoices/detail.py" line="185" />
      <source>¿Es cancelable?</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="49" />
      <source> — demostración</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="137" />
      <source>&amp;Archivo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="148" />
      <source>&amp;Ir a</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="74" />
      <source>&amp;RFC:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="144" />
      <source>&amp;Salir</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="138" />
      <source>&amp;Sincronizar ahora</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="69" />
      <source>Aviso de vencimiento de la e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="125" />
      <source>Configuración</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="160" />
      <location filename="../../../desktop_app/gui/main_window.py" line="49" />
      <source>Descarga Masiva SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="91" />
      <source>Estado de la sincronización</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="123" />
      <source>Facturas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="162" />
      <source>Mostrar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="237" />
      <source>Paquetes vencidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="124" />
      <source>Programación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="64" />
      <source>RFC activo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="121" />
      <source>Resumen</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="165" />
      <source>Salir</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="56" />
      <source>Secciones</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="89" />
      <source>Sincronización en espera</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="163" />
      <source>Sincronizar ahora</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="236" />
      <source>Solicitud con error</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="235" />
      <source>Solicitud terminada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="122" />
      <source>Solicitudes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="210" />
      <source>⚠ La e.firma de {rfc} vence en {days} días ({date}). Renuévala a tiempo en el SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="203" />
      <source>⚠ La e.firma de {rfc} venció el {date}. Renuévala en el SAT para seguir descargando.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="252" />
      <source>⚠ {rfc}: {message}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="250" />
      <source>✓ Al día</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="228" />
      <source>⟳ Sincronizando con el SAT…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/main_window.py" line="250" />
      <source>⟳ {n} solicitudes en proceso en el SAT</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>SchedulePage</name>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="53" />
      <source>&amp;Descargar automáticamente todos los días</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="59" />
      <source>&amp;Emitidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="67" />
      <source>&amp;Guardar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="77" />
      <source>&amp;Hora (Ciudad de México):</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="113" />
      <source>&amp;Instalar tarea del sistema</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="116" />
      <source>&amp;Quitar tarea del sistema</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="61" />
      <source>&amp;Recibidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="184" />
      <source>(hora local)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="87" />
      <source>Comprobantes:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="119" />
      <source>Con la aplicación cerrada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="164" />
      <source>Configura un RFC para programar su descarga.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="110" />
      <source>Consultando…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="184" />
      <source>Desactivada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="74" />
      <source>Descarga diaria</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="88" />
      <source>Días &amp;hacia atrás:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="66" />
      <source>Días hacia atrás</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="103" />
      <source>Ejecuciones</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="58" />
      <source>Hora de la descarga diaria (Ciudad de México)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="41" />
      <source>LaunchAgent (macOS)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="122" />
      <source>Mientras la aplicación está abierta (o minimizada en la bandeja) la descarga diaria ocurre a la hora elegida. Para que ocurra también con la aplicación cerrada, instala la tarea del sistema: corre la sincronización a esa hora y luego cada hora para recoger los paquetes del SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="191" />
      <source>Ninguno</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="138" />
      <source>Programación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="42" />
      <source>Programador de tareas (Windows)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="105" />
      <source>Próxima:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="190" />
      <source>Todavía no ha corrido</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="236" />
      <source>al día</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="40" />
      <source>cron (Linux)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="236" />
      <source>desactualizada: vuelve a instalarla</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="108" />
      <source>e.firma:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="39" />
      <source>temporizador de systemd (Linux)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="199" />
      <source>{mark} Vence en {days} días</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="106" />
      <source>Última:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="107" />
      <source>Último error:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="239" />
      <source>○ No instalada ({kind}).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="34" />
      <source>⚠ Con avisos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="33" />
      <source>✓ Correcta</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="237" />
      <source>✓ Instalada ({kind}), {current}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="215" />
      <source>✓ Programación guardada.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="35" />
      <source>✗ Con error</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="229" />
      <source>✗ Esta computadora no tiene un programador de tareas disponible; deja la aplicación abierta.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="194" />
      <source>✗ No cargada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="196" />
      <source>✗ Vencida: renuévala en el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/schedule/page.py" line="36" />
      <source>⟳ En curso</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="172" />
      <source>&amp;Activar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="45" />
      <source>&amp;Agregar RFC…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="169" />
      <source>&amp;Desactivar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="115" />
      <source>&amp;Idioma:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="49" />
      <source>&amp;Quitar RFC…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="76" />
      <source>&amp;Reintentar registro con el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="94" />
      <source>Abrir &amp;carpeta</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="165" />
      <source>Activar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="229" />
      <source>Activar la descarga masiva</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="47" />
      <source>Agregar RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="67" />
      <source>Al desactivar, borrar también la e.firma y su contraseña</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="72" />
      <source>Cambiar &amp;e.firma…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="74" />
      <source>Cambiar e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="114" />
      <source>Carpeta de datos:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="180" />
      <source>Certificado {serial}, {state} hasta el {date}; registro con el SAT: {reg}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="121" />
      <source>Configuración</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="79" />
      <source>Descarga masiva y e.firma del RFC elegido</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="261" />
      <source>El idioma cambia la próxima vez que abras la aplicación.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="81" />
      <source>Estado:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="109" />
      <source>General</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="101" />
      <source>Idioma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="230" />
      <source>La aplicación usará la e.firma de {rfc} para consultar al SAT en tu nombre y descargar tus CFDI a esta computadora. Nada se guarda fuera de ella. ¿Das tu consentimiento?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="51" />
      <location filename="../../../desktop_app/gui/settings/page.py" line="205" />
      <source>Quitar RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="57" />
      <source>RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="44" />
      <source>RFC configurados</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="84" />
      <source>e.firma:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="178" />
      <source>vencida</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="178" />
      <source>vigente</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="206" />
      <source>¿Quitar {rfc} de la aplicación? Se olvidan su historial y su índice; los XML descargados se quedan en la carpeta de datos.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="168" />
      <source>✓ Activada: la aplicación consulta al SAT con tu e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="184" />
      <source>✓ hecho</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="176" />
      <source>✗ No cargada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="171" />
      <source>✗ Sin activar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/settings/page.py" line="184" />
      <source>✗ pendiente</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>SetupWizard</name>
    <message>
      <location filename="../../../desktop_app/gui/wizard/wizard.py" line="45" />
      <source> — demostración</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="55" />
      <source>&amp;Activar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="161" />
      <source>&amp;Certificado (.cer):</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="51" />
      <source>&amp;Doy mi consentimiento para que la aplicación use mi e.firma para consultar al SAT en mi nombre</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="114" />
      <source>&amp;Días hacia atrás:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="75" />
      <source>&amp;Emitidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="112" />
      <source>&amp;Examinar…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="162" />
      <source>&amp;Llave privada (.key):</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="83" />
      <source>&amp;Nombre o razón social:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="79" />
      <source>&amp;RFC:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="79" />
      <source>&amp;Recibidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="44" />
      <source>&amp;Reintentar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/wizard.py" line="52" />
      <location filename="../../../desktop_app/gui/wizard/wizard.py" line="53" />
      <source>&amp;Siguiente &gt;</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="172" />
      <source>&amp;Teléfono (opcional):</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/wizard.py" line="54" />
      <source>&amp;Terminar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="125" />
      <source>&amp;Validar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="154" />
      <source>+52 y 10 dígitos, por ejemplo +52 55 1234 5678</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="68" />
      <source>12 caracteres para personas morales, 13 para personas físicas</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/wizard.py" line="51" />
      <source>&lt; &amp;Atrás</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="91" />
      <source>Activada el {moment}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="128" />
      <source>Activando…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="67" />
      <source>Activar la descarga diaria</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="33" />
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="57" />
      <source>Activar la descarga masiva</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="37" />
      <source>Al activar la descarga masiva, esta aplicación usará tu e.firma para consultar al SAT en tu nombre y descargar los CFDI emitidos y recibidos de este RFC.

Todo se queda en esta computadora: tus archivos de e.firma, su contraseña (en el llavero del sistema) y tus facturas. Nada se envía a otro servidor que no sea el SAT.

No tiene costo: la aplicación habla directamente con el SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="34" />
      <source>Antes de continuar, lee qué hará la aplicación con tu e.firma.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="117" />
      <source>Archivo de la llave privada (.key)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="111" />
      <source>Archivo del certificado (.cer)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/wizard.py" line="47" />
      <source>Asistente de configuración</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="102" />
      <source>Autenticando con el SAT…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="103" />
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="62" />
      <source>Aviso de modo demostración</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="150" />
      <source>Ayuda de la fecha de inicio</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="164" />
      <source>C&amp;ontraseña de la llave privada:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="113" />
      <source>CFDI:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/wizard.py" line="55" />
      <source>Cancelar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="292" />
      <source>Certificado (*.cer)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/wizard.py" line="43" />
      <source>Configurar Descarga Masiva SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="54" />
      <source>Consentimiento para usar la e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="80" />
      <source>Consultando el estado…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="123" />
      <source>Contraseña de la llave privada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="48" />
      <source>Costo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="62" />
      <source>Costo:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="358" />
      <source>Del {start} al {end}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="61" />
      <source>Descarga diaria</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="63" />
      <source>Descarga diaria a las {time} (hora de la Ciudad de México) de los CFDI {kinds}, revisando {days} días hacia atrás</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="70" />
      <source>Descarga diaria desactivada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="31" />
      <source>Descarga masiva activada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="33" />
      <source>Descarga masiva sin activar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="65" />
      <source>Descargar &amp;cada día los CFDI nuevos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="77" />
      <source>Descargar CFDI emitidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="81" />
      <source>Descargar CFDI recibidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="88" />
      <source>Descargar también el &amp;historial desde la fecha de inicio</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="90" />
      <source>Descargar también el historial desde la fecha de inicio</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="85" />
      <source>Días hacia atrás que revisa cada descarga</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="43" />
      <source>Dónde se guardó la e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="118" />
      <source>E&amp;xaminar…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="237" />
      <source>El SAT entrega hasta {months} meses hacia atrás: desde el {earliest}. Al final del asistente puedes pedir que se descargue todo desde esta fecha.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="149" />
      <source>El SAT no completó el registro: {reason} Puedes reintentar ahora, o continuar y reintentarlo después desde Configuración.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="114" />
      <source>Elegir el certificado (.cer)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="120" />
      <source>Elegir la llave privada (.key)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="292" />
      <source>Elige el certificado (.cer) de tu e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="81" />
      <source>Elige el certificado (.cer) y la llave privada (.key) de tu e.firma y escribe su contraseña. No uses el CSD (sello digital): el SAT sólo acepta la e.firma para la descarga masiva.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="176" />
      <source>Elige emitidos, recibidos o ambos.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="299" />
      <source>Elige la llave privada (.key) de tu e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="129" />
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="313" />
      <source>Elige los archivos, escribe la contraseña y pulsa «Validar».</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="76" />
      <source>Error al guardar el RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="47" />
      <source>Escribe el RFC cuyas facturas (CFDI) quieres descargar del SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="128" />
      <source>Escribe tu RFC con homoclave.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="47" />
      <source>Estado de la activación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="93" />
      <source>Estado de la programación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="71" />
      <source>Estado del RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="42" />
      <source>Estado del registro con el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="155" />
      <source>Estado del teléfono</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="61" />
      <source>Estado:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="132" />
      <source>Este RFC ya está configurado: se continuará con su perfil.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="249" />
      <source>Este RFC ya tiene una e.firma guardada (certificado {serial}, vigente hasta el {date}). Puedes continuar con ella o elegir otra.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="170" />
      <source>Fecha de &amp;inicio del historial:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="147" />
      <source>Fecha de inicio de la descarga del historial</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="80" />
      <source>Guardando la e.firma y autenticando con el SAT…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="98" />
      <source>H&amp;ora:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="76" />
      <source>Historial desde el {start}: {count} solicitudes en cola para el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="71" />
      <source>Hora de la descarga diaria, hora de la Ciudad de México</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="35" />
      <source>La aplicación guarda tu e.firma en esta computadora y se autentica una vez con el SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="63" />
      <source>La aplicación puede pedir al SAT cada día los CFDI nuevos, mientras esté abierta o en la bandeja.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="91" />
      <source>Listo</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="299" />
      <source>Llave privada (*.key)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="95" />
      <source>Los XML se guardan en la carpeta de datos, por RFC, en «emitidos» y «recibidos». Puedes ver el avance en «Solicitudes» y tus facturas en «Facturas».</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="55" />
      <source>Modo demostración: se usa la e.firma pública de prueba del SAT (RFC EKU9003173C9) contra un SAT simulado en esta computadora. No se consulta al SAT real.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="96" />
      <source>Modo demostración: ya están elegidos los archivos y la contraseña de la e.firma pública de prueba del SAT (EKU9003173C9). Se valida contra un SAT simulado en esta computadora.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="134" />
      <source>Nombre del titular</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="74" />
      <source>Nombre o razón social</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="140" />
      <source>Nombre:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="135" />
      <source>Número de certificado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="141" />
      <source>Número de certificado:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="75" />
      <source>Opcional; si lo dejas vacío se toma de la e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="147" />
      <source>Pide al SAT, mes por mes, todo lo emitido y recibido desde el {start}. Puede tardar horas: el SAT prepara cada paquete a su ritmo y la aplicación lo descarga sola.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="70" />
      <source>Por ejemplo: XAXX010101000</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="38" />
      <source>Progreso del registro</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="46" />
      <source>Qué significa activar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="67" />
      <source>RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="133" />
      <source>RFC del certificado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="136" />
      <source>RFC válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="29" />
      <source>RFC {rfc}{name}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="139" />
      <source>RFC:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="48" />
      <source>Registrada con el SAT el {moment}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="163" />
      <source>Registrada con el SAT el {moment} (hora de la Ciudad de México).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="34" />
      <source>Registro con el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="52" />
      <source>Registro con el SAT pendiente: reinténtalo desde Configuración</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="46" />
      <source>Reintentar el registro con el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="128" />
      <source>Resultado de la validación</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="93" />
      <source>Resumen de la configuración</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="95" />
      <source>Sin activar.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="99" />
      <source>Sin costo ({per} por XML descargado, {monthly} al mes).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="44" />
      <source>Sin e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="153" />
      <source>Teléfono (opcional)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_profile.py" line="46" />
      <source>Tu RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="92" />
      <source>Tu RFC quedó configurado.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="79" />
      <source>Tu e.firma (FIEL)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="49" />
      <source>Uso en esta computadora</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="63" />
      <source>Uso:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="335" />
      <source>Validando la e.firma…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="127" />
      <source>Validar la e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="136" />
      <source>Vigencia</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="142" />
      <source>Vigencia:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="134" />
      <source>e.firma guardada en esta computadora. El llavero del sistema no está disponible: la aplicación te pedirá la contraseña cuando la necesite y la sincronización desatendida no funcionará.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_registration.py" line="129" />
      <source>e.firma guardada en esta computadora; su contraseña, en el llavero del sistema.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="353" />
      <source>e.firma válida para {rfc}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_fiel.py" line="105" />
      <source>e.firma ya guardada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="38" />
      <source>e.firma {serial}, vigente hasta el {date}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="56" />
      <source>emitidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="58" />
      <source>emitidos y recibidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_schedule.py" line="74" />
      <source>hora de la Ciudad de México</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_done.py" line="57" />
      <source>recibidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/wizard/page_activation.py" line="105" />
      <source>{month} XML descargados este mes; {total} en total.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>SummaryPage</name>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="68" />
      <source>&amp;Configurar un RFC…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="96" />
      <source>&amp;Sincronizar ahora</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="92" />
      <source>Comprobantes en el índice</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="104" />
      <source>Comprobantes por mes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="111" />
      <source>Comprobantes por mes (últimos 12)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="70" />
      <source>Configurar un RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="207" />
      <source>Desactivada (actívala en Programación)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="79" />
      <source>Descarga masiva</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="106" />
      <source>Emitidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="106" />
      <source>Mes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="78" />
      <source>Nombre</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="42" />
      <location filename="../../../desktop_app/gui/summary/page.py" line="202" />
      <source>Nunca</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="74" />
      <source>Perfil</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="90" />
      <source>Próxima descarga diaria</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="77" />
      <source>RFC</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="106" />
      <source>Recibidos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="81" />
      <source>Registro con el SAT</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="124" />
      <source>Resumen</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="86" />
      <source>Sincronización</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="98" />
      <source>Sincronizar ahora</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="91" />
      <source>Solicitudes en proceso</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="61" />
      <source>Todavía no hay un RFC configurado. Usa el asistente para agregar tu RFC, activar la descarga y cargar tu e.firma; después tus facturas llegarán solas cada mañana.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="106" />
      <source>Total emitido</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="106" />
      <source>Total recibido</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="80" />
      <source>e.firma</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="185" />
      <source>{mark} Vigente hasta el {date} ({days} días)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="209" />
      <source>{n} ({xml} con XML)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="89" />
      <source>Última sincronización</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="34" />
      <source>⚠ Con avisos</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="176" />
      <source>✓ Activada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="33" />
      <source>✓ Correcta</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="190" />
      <source>✓ Registrada el {date}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="35" />
      <source>✗ Con error</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="179" />
      <source>✗ No cargada</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="192" />
      <source>✗ Pendiente</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="176" />
      <source>✗ Sin activar (da tu consentimiento)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="181" />
      <source>✗ Vencida el {date}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/summary/page.py" line="36" />
      <source>⟳ En curso</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>dialogs</name>
    <message>
      <location filename="../../../desktop_app/gui/dialogs.py" line="73" />
      <source>&amp;Copiar informe</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/dialogs.py" line="56" />
      <source>Error inesperado</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/dialogs.py" line="70" />
      <source>Informe del error</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/dialogs.py" line="60" />
      <source>Ocurrió un error que no esperábamos. Tus datos están a salvo. Copia este informe y envíalo a los desarrolladores para que lo corrijan.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="236" />
      <source>Actualiza la aplicación.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="61" />
      <source>Actívala y da tu consentimiento para consultar al SAT con tu e.firma.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="49" />
      <source>Agrega tu RFC en Configuración o con el asistente.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="157" />
      <source>Cambia el periodo o los filtros (basta con un segundo de diferencia).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="45" />
      <source>Carga la e.firma del RFC de este perfil, o agrega un perfil para ese RFC.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="65" />
      <source>Carga tu .cer, .key y contraseña.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="149" />
      <source>Copia el UUID completo de la factura.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="95" />
      <source>Corrige el periodo de la solicitud.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="226" />
      <source>Deja la aplicación abierta (o en la bandeja) para que la sincronización diaria funcione.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="117" />
      <source>Deja un solo RFC emisor.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="99" />
      <source>Divide el periodo en solicitudes mensuales (la sincronización lo hace sola).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="161" />
      <source>Divide el periodo; la sincronización lo hace automáticamente.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="221" />
      <source>El CFDI no está timbrado.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="74" />
      <source>El RFC no es válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="191" />
      <source>El SAT no aceptó la sesión.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="172" />
      <source>El SAT no responde en este momento.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="195" />
      <source>El SAT rechazó la solicitud.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="199" />
      <source>El SAT respondió algo que no se pudo leer.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="183" />
      <source>El SAT respondió con un error al autenticar o al procesar la llamada.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="102" />
      <source>El SAT sólo entrega CFDI de los últimos seis ejercicios.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="106" />
      <source>El SAT ya no entrega el XML de CFDI recibidos cancelados.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="164" />
      <source>El SAT ya no permite descargar este paquete (máximo dos descargas).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="152" />
      <source>El SAT ya tiene una solicitud idéntica en proceso.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="20" />
      <source>El archivo de certificado no es un .cer válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="24" />
      <source>El archivo de llave no es una llave privada .key válida.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="217" />
      <source>El archivo no es un CFDI.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="213" />
      <source>El archivo no es un XML válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="44" />
      <source>El certificado pertenece a otro RFC.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="124" />
      <source>El complemento no está en el catálogo del SAT.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="132" />
      <source>El estado no es válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="148" />
      <source>El folio fiscal (UUID) no es válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="203" />
      <source>El paquete descargado está dañado.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="160" />
      <source>El periodo tiene más comprobantes de los que el SAT entrega en una solicitud.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="144" />
      <source>El servicio no es válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="78" />
      <source>El teléfono no es válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="140" />
      <source>El tipo de RFC no es válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="128" />
      <source>El tipo de comprobante no es válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="136" />
      <source>El tipo de solicitud no es válido.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="137" />
      <source>Elige CFDI (XML) o metadatos.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="145" />
      <source>Elige CFDI o retenciones.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="53" />
      <source>Elige el RFC con el que quieres trabajar.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="21" />
      <source>Elige el archivo .cer original que te entregó el SAT, sin convertirlo.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="25" />
      <source>Elige el archivo .key original de tu e.firma (no el .cer ni una copia convertida).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="141" />
      <source>Elige emitidos o recibidos.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="125" />
      <source>Elige un complemento de la lista.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="83" />
      <source>Elige una fecha de hasta 71 meses atrás y no posterior a hoy.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="103" />
      <source>Elige una fecha inicial más reciente.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="133" />
      <source>Elige vigentes, cancelados o todos.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="116" />
      <source>En recibidos sólo se puede filtrar un emisor.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="173" />
      <source>Es frecuente; la aplicación lo reintentará sola más tarde.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="15" />
      <source>Escribe la contraseña de tu e.firma tal como la registraste en el SAT (distingue mayúsculas).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="79" />
      <source>Escribe un número de México: +52 y 10 dígitos.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="69" />
      <source>Escríbela para continuar; la sincronización desatendida necesita un llavero del sistema.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="56" />
      <source>Ese RFC ya tiene un perfil.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="210" />
      <source>Espera a que termine.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="153" />
      <source>Espera a que termine; no hace falta volver a pedirla.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="34" />
      <source>Este certificado es un CSD (sello digital), no una e.firma (FIEL).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="52" />
      <source>Hay varios RFC configurados.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="218" />
      <source>Importa sólo XML de facturas timbradas.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="192" />
      <source>La aplicación volverá a autenticarse; si persiste, revisa tu e.firma.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="235" />
      <source>La carpeta de datos fue creada por una versión más nueva de la aplicación.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="68" />
      <source>La contraseña de la e.firma no está guardada en el llavero del sistema.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="14" />
      <source>La contraseña no abre la llave privada (.key).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="35" />
      <source>La descarga masiva del SAT sólo acepta la e.firma: elige los archivos de tu FIEL.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="60" />
      <source>La descarga masiva no está activada para este RFC.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="40" />
      <source>La e.firma está vencida o aún no es válida.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="82" />
      <source>La fecha de inicio de sincronización no es válida.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="94" />
      <source>La fecha inicial debe ser anterior a la fecha final.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="90" />
      <source>La fecha no es válida.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="30" />
      <source>La llave privada no corresponde a este certificado.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="86" />
      <source>La programación no es válida.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="196" />
      <source>Lee el mensaje del SAT en el detalle de la solicitud.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="64" />
      <source>No hay una e.firma guardada para este RFC.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="168" />
      <source>No se encontró la información.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="225" />
      <source>No se encontró un programador de tareas del sistema.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="231" />
      <source>No se pudo registrar la tarea del sistema.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="177" />
      <source>No se reenvió para no gastar una de las dos solicitudes permitidas; créala de nuevo si la necesitas.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="121" />
      <source>Pide el folio (UUID) solo, sin periodo ni filtros.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="107" />
      <source>Pide los XML recibidos sólo vigentes; los metadatos sí traen el estado de los cancelados.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="113" />
      <source>Quita algunos RFC del filtro.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="41" />
      <source>Renueva tu e.firma en el SAT (SAT ID o en una oficina) y vuelve a cargarla.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="169" />
      <source>Revisa el dato buscado.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="232" />
      <source>Revisa el detalle del error.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="87" />
      <source>Revisa la hora (HH:mm) y los días hacia atrás (1 a 90).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="156" />
      <source>Se agotaron las solicitudes idénticas que el SAT permite para ese periodo.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="176" />
      <source>Se perdió la respuesta del SAT y no se sabe si registró la solicitud.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="112" />
      <source>Se pueden filtrar como máximo 5 receptores.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="200" />
      <source>Se reintentará más tarde.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="204" />
      <source>Se volverá a descargar si el SAT lo permite.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="57" />
      <source>Selecciónalo en la lista de perfiles.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="184" />
      <source>Suele ser temporal y se reintentará; si persiste, revisa que la fecha y hora de tu computadora sean correctas y que uses tu e.firma vigente.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="222" />
      <source>Sólo se pueden guardar CFDI con timbre fiscal.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="48" />
      <source>Todavía no hay un RFC configurado.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="75" />
      <source>Un RFC tiene 12 (moral) o 13 (física) caracteres.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="120" />
      <source>Una solicitud por folio no admite otros filtros.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="98" />
      <source>Una solicitud puede abarcar como máximo un mes.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="129" />
      <source>Usa I, E, P, N o T.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="31" />
      <source>Usa el .key y el .cer de la misma e.firma.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="91" />
      <source>Usa el formato AAAA-MM-DD.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="214" />
      <source>Verifica que sea un CFDI completo.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="165" />
      <source>Vuelve a solicitar el periodo para obtener un paquete nuevo.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../../../desktop_app/gui/messages.py" line="207" />
      <source>Ya hay una sincronización de este RFC en curso (otra ventana o la tarea programada).</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
