package stompspec.activemq;

import org.apache.activemq.broker.BrokerService;

/**
 * An ActiveMQ Classic broker with default settings, no persistence, no JMX, and two
 * connectors: STOMP over TCP and STOMP over WebSocket, both on 127.0.0.1.
 * Arguments: TCP_PORT WS_PORT (defaults 61623 61624).
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        int tcpPort = args.length > 0 ? Integer.parseInt(args[0]) : 61623;
        int wsPort = args.length > 1 ? Integer.parseInt(args[1]) : 61624;
        BrokerService broker = new BrokerService();
        broker.setBrokerName("stompspec");
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(true);
        broker.addConnector("stomp://127.0.0.1:" + tcpPort);
        broker.addConnector("ws://127.0.0.1:" + wsPort);
        broker.start();
        broker.waitUntilStarted();
        System.out.println("stompspec activemq: STOMP on tcp://127.0.0.1:" + tcpPort
                + " and ws://127.0.0.1:" + wsPort + "/");
        broker.waitUntilStopped();
    }
}
