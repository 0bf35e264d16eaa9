package stompspec.artemis;

import java.io.File;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An embedded ActiveMQ Artemis broker: no persistence, no security (any login is
 * accepted), and one acceptor on 127.0.0.1 that serves STOMP over TCP and, after an
 * HTTP upgrade on the same port, over WebSocket. anycastPrefix=/queue/ and
 * multicastPrefix=/topic/ give /queue/x point-to-point and /topic/x publish-subscribe.
 * Arguments: PORT (default 61633) and DATA_DIR (default ./data).
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 61633;
        File data = new File(args.length > 1 ? args[1] : "data").getAbsoluteFile();
        Configuration config = new ConfigurationImpl();
        config.setName("stompspec");
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setBrokerInstance(data);
        config.setJournalDirectory(new File(data, "journal").getPath());
        config.setBindingsDirectory(new File(data, "bindings").getPath());
        config.setPagingDirectory(new File(data, "paging").getPath());
        config.setLargeMessagesDirectory(new File(data, "large-messages").getPath());
        config.addAcceptorConfiguration("stomp", "tcp://127.0.0.1:" + port
                + "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/");
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
        System.out.println("stompspec artemis: STOMP on tcp://127.0.0.1:" + port
                + " and ws://127.0.0.1:" + port + "/");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        Thread.currentThread().join();
    }
}
