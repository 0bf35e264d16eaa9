package stompspec.greeting;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The guide's configuration: endpoint /gs-guide-websocket (plain WebSocket, and
 * SockJS on the same path, whose raw WebSocket URL is /gs-guide-websocket/websocket),
 * application prefix /app, and either the simple broker (default) or the STOMP
 * broker relay to RabbitMQ (stompspec.broker=relay, set by the "relay" profile).
 */
@Configuration
@EnableWebSocketMessageBroker
public class WebSocketConfig implements WebSocketMessageBrokerConfigurer {
    @Value("${stompspec.broker:simple}")
    private String broker;
    @Value("${stompspec.relay.host:127.0.0.1}")
    private String relayHost;
    @Value("${stompspec.relay.port:61613}")
    private int relayPort;
    @Value("${stompspec.relay.login:guest}")
    private String relayLogin;
    @Value("${stompspec.relay.passcode:guest}")
    private String relayPasscode;
    @Value("${stompspec.relay.virtual-host:/}")
    private String relayVirtualHost;
    @Value("${stompspec.preserve-receive-order:false}")
    private boolean preserveReceiveOrder;

    @Bean
    public ThreadPoolTaskScheduler heartbeatScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("stomp-heartbeat-");
        scheduler.initialize();
        return scheduler;
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry config) {
        if ("relay".equals(broker)) {
            config.enableStompBrokerRelay("/topic", "/queue")
                    .setRelayHost(relayHost)
                    .setRelayPort(relayPort)
                    .setClientLogin(relayLogin)
                    .setClientPasscode(relayPasscode)
                    .setSystemLogin(relayLogin)
                    .setSystemPasscode(relayPasscode)
                    .setVirtualHost(relayVirtualHost);
        } else {
            config.enableSimpleBroker("/topic", "/queue")
                    .setTaskScheduler(heartbeatScheduler())
                    .setHeartbeatValue(new long[] {10000, 10000});
        }
        config.setApplicationDestinationPrefixes("/app");
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.setPreserveReceiveOrder(preserveReceiveOrder);
        registry.addEndpoint("/gs-guide-websocket");
        registry.addEndpoint("/gs-guide-websocket").withSockJS();
    }
}
